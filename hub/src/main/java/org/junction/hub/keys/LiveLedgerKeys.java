package org.junction.hub.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Supplier;
import org.junction.security.keys.KeyStoreFileException;
import org.junction.security.keys.KeyStoreFiles;
import org.junction.security.keys.LedgerSigningKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger keys as the keystore holds them now: when the file changes (a rotation copied in by the
 * operator) it is read again, so the newer key signs the next checkpoint without a restart. A
 * keystore that cannot be read, or has lost every ledger key, leaves the keys already loaded in use.
 */
public final class LiveLedgerKeys implements Supplier<LedgerSigningKeys> {

    private static final Logger log = LoggerFactory.getLogger(LiveLedgerKeys.class);

    private final Path keystore;
    private final char[] password;
    private volatile LedgerSigningKeys current;
    private volatile FileTime loadedAt;

    public LiveLedgerKeys(LedgerSigningKeys initial, KeyProperties keys, Path dataDir) {
        this.keystore = KeyRingFactory.keystorePath(keys, dataDir);
        this.password = KeyRingFactory.password(keys, dataDir);
        this.current = initial;
        this.loadedAt = modified();
    }

    @Override
    public LedgerSigningKeys get() {
        FileTime now = modified();
        if (now != null && !now.equals(loadedAt)) {
            reload(now);
        }
        return current;
    }

    private synchronized void reload(FileTime modified) {
        if (modified.equals(loadedAt)) {
            return;
        }
        try {
            var loaded = KeyStoreFiles.loadLedgerSigningKeys(keystore, password);
            if (loaded.isEmpty()) {
                log.warn("keystore {} changed and holds no ledger signing key any more; keeping {}", keystore, current);
            } else {
                if (!loaded.get().activeKeyId().equals(current.activeKeyId())) {
                    log.info("Ledger checkpoints are now signed with key '{}' (was '{}')", loaded.get().activeKeyId(),
                            current.activeKeyId());
                }
                current = loaded.get();
            }
        } catch (KeyStoreFileException e) {
            log.warn("keystore {} changed but cannot be read ({}); keeping {}", keystore, e.getMessage(), current);
        }
        loadedAt = modified;
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(keystore);
        } catch (IOException e) {
            return null;
        }
    }
}
