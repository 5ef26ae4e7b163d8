package org.junction.hub.keys;

import java.nio.file.Path;
import java.util.Optional;
import org.junction.security.keys.KeyStoreFiles;
import org.junction.security.keys.LedgerSigningKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger checkpoint signing keys, from the hub keystore (entries
 * {@value KeyStoreFiles#LEDGER_SIGNING_ALIAS_PREFIX}id). The embedded default creates the first one
 * when missing, as it does the key-encryption key; a node configured not to generate keys refuses to
 * start without one: a node signing with a key of its own would make checkpoints that partners and
 * the other nodes cannot verify.
 */
public final class LedgerKeys {

    /** The id the embedded default and {@code junction keys create-ledger-key} give the first key. */
    public static final String FIRST_ID = "l1";
    private static final Logger log = LoggerFactory.getLogger(LedgerKeys.class);

    private LedgerKeys() {
    }

    /** Call after the key ring is open: the embedded default creates the keystore there. */
    public static LedgerSigningKeys open(KeyProperties keys, Path dataDir) {
        Path keystore = KeyRingFactory.keystorePath(keys, dataDir);
        char[] password = KeyRingFactory.password(keys, dataDir);
        Optional<LedgerSigningKeys> loaded = KeyStoreFiles.loadLedgerSigningKeys(keystore, password);
        if (loaded.isPresent()) {
            log.info("Ledger checkpoints are signed with key '{}' ({} ledger key(s) in the keystore)",
                    loaded.get().activeKeyId(), loaded.get().keys().size());
            return loaded.get();
        }
        if (!keys.generateIfMissing()) {
            throw new IllegalStateException("hub.keys.keystore: " + keystore + " holds no ledger signing key (entry '"
                    + KeyStoreFiles.LEDGER_SIGNING_ALIAS_PREFIX + "<id>'); run `junction keys create-ledger-key` and"
                    + " copy the keystore to every node");
        }
        var created = KeyStoreFiles.addLedgerSigningKey(keystore, password, FIRST_ID);
        log.warn("Generated the ledger signing key in {} (embedded default): {}", keystore, created);
        return KeyStoreFiles.loadLedgerSigningKeys(keystore, password).orElseThrow();
    }
}
