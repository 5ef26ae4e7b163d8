package org.junction.hub.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.junction.security.keys.KeyRing;
import org.junction.security.keys.KeyStoreFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the configured keystore, or, for the embedded default only, creates one on first start.
 * A node configured not to generate keys refuses to start without them: silently creating fresh
 * keys on a production node would make every record sealed by its peers unreadable.
 */
public final class KeyRingFactory {

    static final String DEFAULT_KEYSTORE = "keys/junction-keys.p12";
    static final String GENERATED_PASSWORD_FILE = "keys/keystore.password";
    private static final Logger log = LoggerFactory.getLogger(KeyRingFactory.class);

    private KeyRingFactory() {
    }

    public static KeyRing open(KeyProperties keys, Path dataDir) {
        return open(keys, dataDir, null, Set.of());
    }

    /**
     * Opens the keystore with the deployment-wide key state applied: {@code activeKekOverride} (the
     * active id recorded by {@code junction keys rotate}, or null for the configured one) and the
     * retired ids, which are left out of the ring even if this node's copy of the keystore still
     * holds them, so a retired key decrypts nothing anywhere.
     */
    public static KeyRing open(KeyProperties keys, Path dataDir, String activeKekOverride, Set<String> retired) {
        Path keystore = keystorePath(keys, dataDir);
        Path passwordFile = dataDir.resolve(GENERATED_PASSWORD_FILE);
        if (!Files.exists(keystore)) {
            if (!keys.generateIfMissing()) {
                throw new IllegalStateException("hub.keys.keystore: no keystore at " + keystore
                        + " and key generation is off; configure the deployment's shared keystore");
            }
            char[] password = keys.password() != null ? keys.password().toCharArray() : newPasswordFile(passwordFile);
            KeyStoreFiles.generate(keystore, password, keys.activeKekId(), keys.activePseudonymKeyId());
            log.warn("Generated a new keystore at {} (embedded default); back it up with the data directory", keystore);
        }
        char[] password = passwordFor(keys, passwordFile);
        String active = activeKekOverride != null ? activeKekOverride : keys.activeKekId();
        if (retired.contains(active)) {
            throw new IllegalStateException("hub.keys.active-kek-id: key-encryption key '" + active
                    + "' is retired; run `junction keys rotate` or configure the active key");
        }
        KeyRing ring = KeyStoreFiles.load(keystore, password, active, keys.activePseudonymKeyId());
        return retired.isEmpty() ? ring : without(ring, retired);
    }

    /** The keystore file a node with these settings uses. */
    public static Path keystorePath(KeyProperties keys, Path dataDir) {
        return keys.keystore() != null ? keys.keystore() : dataDir.resolve(DEFAULT_KEYSTORE);
    }

    /** The keystore password: configured, or (embedded default only) the generated password file. */
    public static char[] password(KeyProperties keys, Path dataDir) {
        return passwordFor(keys, dataDir.resolve(GENERATED_PASSWORD_FILE));
    }

    private static KeyRing without(KeyRing ring, Set<String> retired) {
        KeyRing.Builder builder = KeyRing.builder();
        for (String id : ring.kekIds()) {
            if (!retired.contains(id)) {
                builder.kek(id, ring.kek(id));
            }
        }
        for (String id : ring.pseudonymKeyIds()) {
            builder.pseudonymKey(id, ring.pseudonymKey(id));
        }
        return builder.activeKek(ring.activeKekId()).activePseudonymKey(ring.activePseudonymKeyId()).build();
    }

    private static char[] passwordFor(KeyProperties keys, Path generatedPasswordFile) {
        if (keys.password() != null && !keys.password().isBlank()) {
            return keys.password().toCharArray();
        }
        if (keys.generateIfMissing() && Files.exists(generatedPasswordFile)) {
            try {
                return Files.readString(generatedPasswordFile, StandardCharsets.US_ASCII).trim().toCharArray();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the generated keystore password file", e);
            }
        }
        throw new IllegalStateException("hub.keys.password: required to open the keystore");
    }

    private static char[] newPasswordFile(Path file) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            Files.createDirectories(file.getParent());
            // Created owner-only from the first byte, never briefly readable by others.
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, password, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the generated keystore password file", e);
        }
        return password.toCharArray();
    }
}
