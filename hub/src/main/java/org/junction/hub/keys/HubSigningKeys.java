package org.junction.hub.keys;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.junction.security.keys.KeyStoreFiles;
import org.junction.security.keys.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's signing key, from the hub keystore (entry {@value KeyStoreFiles#SIGNING_ALIAS}). The
 * embedded default creates it when missing, as it does the key-encryption key; a node configured
 * not to generate keys refuses to start without it, since partners trust one certificate and a
 * node signing with a key of its own would have its deliveries refused.
 */
public final class HubSigningKeys implements Supplier<Optional<SigningKey>> {

    /** The subject of a signing certificate the hub creates itself. */
    public static final String COMMON_NAME = "Junction hub signing";
    private static final Logger log = LoggerFactory.getLogger(HubSigningKeys.class);

    private final SigningKey key;

    private HubSigningKeys(SigningKey key) {
        this.key = key;
    }

    /** Call after the key ring is open: the embedded default creates the keystore there. */
    public static HubSigningKeys open(KeyProperties keys, Path dataDir) {
        Path keystore = KeyRingFactory.keystorePath(keys, dataDir);
        char[] password = KeyRingFactory.password(keys, dataDir);
        Optional<SigningKey> key = KeyStoreFiles.loadSigningKey(keystore, password);
        if (key.isPresent()) {
            return new HubSigningKeys(key.get());
        }
        if (!keys.generateIfMissing()) {
            throw new IllegalStateException("hub.keys.keystore: " + keystore + " holds no hub signing key (entry '"
                    + KeyStoreFiles.SIGNING_ALIAS + "'); run `junction keys create-signing-key` and copy the keystore"
                    + " to every node");
        }
        SigningKey created = KeyStoreFiles.addSigningKey(keystore, password, COMMON_NAME);
        log.warn("Generated the hub signing key in {} (embedded default): {}", keystore, created);
        return new HubSigningKeys(created);
    }

    @Override
    public Optional<SigningKey> get() {
        return Optional.of(key);
    }
}
