package org.junction.security.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the PKCS12 keystore file that carries a node's {@link KeyRing}.
 *
 * <p>Entries are secret-key entries under aliases {@code kek-<id>} (AES-256) and
 * {@code pseudonym-<id>} (HmacSHA256, 32 bytes), all protected with the keystore password. Other
 * aliases are ignored, so the same file can also carry, for example, the ledger signing key.
 *
 * <p>Which id is active is not stored in the file but passed in from configuration: rotation means
 * first distributing a keystore that holds the new key to every node ({@link #addKek}), then switching
 * the active id, so that no node meets an envelope under a key it does not have yet.
 *
 * <p>On JDK 17 PKCS12 keeps an HmacSHA256 secret key with its algorithm name and bytes intact (checked
 * by the tests), so pseudonym keys are stored as what they are.
 */
public final class KeyStoreFiles {

    public static final String KEK_ALIAS_PREFIX = "kek-";
    public static final String PSEUDONYM_ALIAS_PREFIX = "pseudonym-";
    /** The hub's signing key (EC P-256) with its certificate, for what it signs for partners. */
    public static final String SIGNING_ALIAS = "hub-signing";
    private static final java.time.Duration SIGNING_CERTIFICATE_VALIDITY = java.time.Duration.ofDays(3 * 365);
    /** Ledger checkpoint signing keys (Ed25519), one entry per key id. */
    public static final String LEDGER_SIGNING_ALIAS_PREFIX = "ledger-signing-";

    private static final String TYPE = "PKCS12";
    private static final Logger log = LoggerFactory.getLogger(KeyStoreFiles.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyStoreFiles() {
    }

    /**
     * Loads every KEK and pseudonym key in the file.
     *
     * @throws KeyStoreFileException if the file is missing, unreadable, protected by another password,
     *     damaged, holds a malformed key entry, or lacks either active id
     */
    public static KeyRing load(Path file, char[] password, String activeKekId, String activePseudonymKeyId) {
        Objects.requireNonNull(activeKekId, "activeKekId");
        Objects.requireNonNull(activePseudonymKeyId, "activePseudonymKeyId");
        KeyStore store = read(file, password);
        warnIfReadableByOthers(file);
        KeyRing.Builder ring = KeyRing.builder();
        List<String> kekIds = new ArrayList<>();
        List<String> pseudonymIds = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (alias.startsWith(KEK_ALIAS_PREFIX)) {
                    String id = idOf(file, alias, KEK_ALIAS_PREFIX);
                    ring.kek(id, secretKey(file, store, alias, password));
                    kekIds.add(id);
                } else if (alias.startsWith(PSEUDONYM_ALIAS_PREFIX)) {
                    String id = idOf(file, alias, PSEUDONYM_ALIAS_PREFIX);
                    ring.pseudonymKey(id, secretKey(file, store, alias, password));
                    pseudonymIds.add(id);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new KeyStoreFileException("cannot list entries of keystore " + file, e);
        } catch (IllegalArgumentException e) {
            throw new KeyStoreFileException("keystore " + file + " holds an unusable key: " + e.getMessage(), e);
        }
        if (!kekIds.contains(activeKekId)) {
            throw new KeyStoreFileException("keystore " + file + " has no key-encryption key with id '" + activeKekId
                    + "' (alias " + KEK_ALIAS_PREFIX + activeKekId + "); it holds " + new TreeSet<>(kekIds));
        }
        if (!pseudonymIds.contains(activePseudonymKeyId)) {
            throw new KeyStoreFileException("keystore " + file + " has no pseudonym key with id '"
                    + activePseudonymKeyId + "' (alias " + PSEUDONYM_ALIAS_PREFIX + activePseudonymKeyId
                    + "); it holds " + new TreeSet<>(pseudonymIds));
        }
        return ring.activeKek(activeKekId).activePseudonymKey(activePseudonymKeyId).build();
    }

    /**
     * Creates a new keystore with one random KEK and one random pseudonym key, creating parent
     * directories as needed.
     *
     * @throws KeyStoreFileException if the file already exists: replacing it would lose the keys that
     *     existing data was encrypted and pseudonymised under
     */
    public static void generate(Path file, char[] password, String kekId, String pseudonymKeyId) {
        KeyRing.requireValidId(kekId);
        KeyRing.requireValidId(pseudonymKeyId);
        if (Files.exists(file)) {
            throw new KeyStoreFileException("keystore " + file + " already exists; refusing to overwrite its keys");
        }
        KeyStore store = empty();
        put(store, KEK_ALIAS_PREFIX + kekId, randomKey("AES"), password);
        put(store, PSEUDONYM_ALIAS_PREFIX + pseudonymKeyId, randomKey(KeyRing.HMAC_ALGORITHM), password);
        write(file, store, password, false);
    }

    /**
     * Adds a random KEK under {@code newId} to an existing keystore, leaving the other entries as they
     * are. The new key does not become active here; see the class comment for why.
     *
     * @throws KeyStoreFileException if the file cannot be read or already holds {@code newId}
     */
    public static void addKek(Path file, char[] password, String newId) {
        addKey(file, password, KEK_ALIAS_PREFIX, newId, "AES", "key-encryption key");
    }

    /** As {@link #addKek} for pseudonym keys. */
    public static void addPseudonymKey(Path file, char[] password, String newId) {
        addKey(file, password, PSEUDONYM_ALIAS_PREFIX, newId, KeyRing.HMAC_ALGORITHM, "pseudonym key");
    }

    /**
     * Deletes the KEK {@code id} from the keystore, so that nothing sealed under it can be opened any
     * more. Callers must first prove that no stored data still names it.
     *
     * @throws KeyStoreFileException if the file cannot be read or holds no such key
     */
    public static void removeKek(Path file, char[] password, String id) {
        KeyRing.requireValidId(id);
        KeyStore store = read(file, password);
        String alias = KEK_ALIAS_PREFIX + id;
        try {
            if (!store.containsAlias(alias)) {
                throw new KeyStoreFileException("keystore " + file + " has no key-encryption key with id '" + id + "'");
            }
            store.deleteEntry(alias);
        } catch (java.security.KeyStoreException e) {
            throw new KeyStoreFileException("cannot delete entry '" + alias + "' of keystore " + file, e);
        }
        write(file, store, password, true);
    }

    /**
     * Writes every entry of {@code file} into a new keystore at {@code target} protected by
     * {@code targetPassword}, so a backup can be kept under a secret other than the live one.
     *
     * @throws KeyStoreFileException if {@code target} exists or an entry cannot be copied
     */
    public static void copy(Path file, char[] password, Path target, char[] targetPassword) {
        Objects.requireNonNull(targetPassword, "targetPassword");
        if (Files.exists(target)) {
            throw new KeyStoreFileException("keystore " + target + " already exists; refusing to overwrite it");
        }
        KeyStore source = read(file, password);
        KeyStore copy = empty();
        try {
            for (String alias : Collections.list(source.aliases())) {
                if (source.isCertificateEntry(alias)) {
                    copy.setCertificateEntry(alias, source.getCertificate(alias));
                } else {
                    KeyStore.Entry entry = source.getEntry(alias, new KeyStore.PasswordProtection(password));
                    copy.setEntry(alias, entry, new KeyStore.PasswordProtection(targetPassword));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new KeyStoreFileException("cannot copy the entries of keystore " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
        write(target, copy, targetPassword, false);
    }

    /** Ids of the KEKs the file holds, sorted; no key material is returned. */
    public static Set<String> kekIds(Path file, char[] password) {
        KeyStore store = read(file, password);
        Set<String> ids = new TreeSet<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (alias.startsWith(KEK_ALIAS_PREFIX)) {
                    ids.add(idOf(file, alias, KEK_ALIAS_PREFIX));
                }
            }
        } catch (java.security.KeyStoreException e) {
            throw new KeyStoreFileException("cannot list entries of keystore " + file, e);
        }
        return ids;
    }

    /** The hub signing key, if the file holds one. */
    public static java.util.Optional<SigningKey> loadSigningKey(Path file, char[] password) {
        KeyStore store = read(file, password);
        try {
            if (!store.containsAlias(SIGNING_ALIAS)) {
                return java.util.Optional.empty();
            }
            if (!store.entryInstanceOf(SIGNING_ALIAS, KeyStore.PrivateKeyEntry.class)) {
                throw new KeyStoreFileException("keystore " + file + " entry '" + SIGNING_ALIAS + "' is not a private key");
            }
            var entry = (KeyStore.PrivateKeyEntry) store.getEntry(SIGNING_ALIAS, new KeyStore.PasswordProtection(password));
            return java.util.Optional.of(new SigningKey(entry.getPrivateKey(),
                    (java.security.cert.X509Certificate) entry.getCertificate()));
        } catch (GeneralSecurityException e) {
            throw new KeyStoreFileException("cannot read entry '" + SIGNING_ALIAS + "' of keystore " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Adds a new EC P-256 signing key with a self-signed certificate naming {@code commonName}, valid
     * for three years. Partners are given the certificate ({@code junction keys signing-certificate});
     * a deployment that wants it issued by its CA replaces the entry with one of its own.
     *
     * @throws KeyStoreFileException if the file already holds a signing key: replacing it would
     *     break every partner's trust in the hub's signatures without warning
     */
    public static SigningKey addSigningKey(Path file, char[] password, String commonName) {
        KeyStore store = read(file, password);
        try {
            if (store.containsAlias(SIGNING_ALIAS)) {
                throw new KeyStoreFileException("keystore " + file + " already has a signing key ('" + SIGNING_ALIAS + "')");
            }
            var generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), RANDOM);
            var pair = generator.generateKeyPair();
            var name = new org.bouncycastle.asn1.x500.X500Name("CN=" + commonName.replaceAll("[,=+<>#;\\\"]", "_"));
            var now = java.time.Instant.now();
            var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name,
                    new java.math.BigInteger(64, RANDOM).add(java.math.BigInteger.ONE),
                    java.util.Date.from(now.minusSeconds(300)), java.util.Date.from(now.plus(SIGNING_CERTIFICATE_VALIDITY)),
                    name, pair.getPublic())
                    .addExtension(org.bouncycastle.asn1.x509.Extension.keyUsage, true,
                            new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature))
                    .addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
                            new org.bouncycastle.asn1.x509.BasicConstraints(false));
            var certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(
                    new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            store.setEntry(SIGNING_ALIAS, new KeyStore.PrivateKeyEntry(pair.getPrivate(),
                    new java.security.cert.Certificate[] {certificate}), new KeyStore.PasswordProtection(password));
            write(file, store, password, true);
            return new SigningKey(pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.cert.CertIOException e) {
            throw new KeyStoreFileException("cannot create the signing key in keystore " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** Every ledger signing key in the file (entries {@value #LEDGER_SIGNING_ALIAS_PREFIX}id); empty if none. */
    public static java.util.Optional<LedgerSigningKeys> loadLedgerSigningKeys(Path file, char[] password) {
        KeyStore store = read(file, password);
        List<LedgerSigningKeys.LedgerKey> keys = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!alias.startsWith(LEDGER_SIGNING_ALIAS_PREFIX)) {
                    continue;
                }
                String id = idOf(file, alias, LEDGER_SIGNING_ALIAS_PREFIX);
                if (!store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
                    throw new KeyStoreFileException("keystore " + file + " entry '" + alias + "' is not a private key");
                }
                var entry = (KeyStore.PrivateKeyEntry) store.getEntry(alias, new KeyStore.PasswordProtection(password));
                keys.add(LedgerSigningKeys.LedgerKey.of(id, entry.getPrivateKey(),
                        (java.security.cert.X509Certificate) entry.getCertificate()));
            }
        } catch (GeneralSecurityException e) {
            throw new KeyStoreFileException("cannot read the ledger signing keys of keystore " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
        return keys.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(LedgerSigningKeys.of(keys));
    }

    /**
     * Adds a new Ed25519 ledger signing key under {@code id}, with a self-signed certificate that
     * carries its public key and, as its start of validity, when it was made (at least a second after
     * every other ledger key's): the newest key is the one that signs (see {@link LedgerSigningKeys}). Earlier keys stay, so what they signed still verifies.
     *
     * @throws KeyStoreFileException if the file already holds a ledger key with this id
     */
    public static LedgerSigningKeys.LedgerKey addLedgerSigningKey(Path file, char[] password, String id) {
        KeyRing.requireValidId(id);
        KeyStore store = read(file, password);
        String alias = LEDGER_SIGNING_ALIAS_PREFIX + id;
        try {
            if (store.containsAlias(alias)) {
                throw new KeyStoreFileException("keystore " + file + " already has a ledger signing key with id '"
                        + id + "'");
            }
            var pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            var name = new org.bouncycastle.asn1.x500.X500Name("CN=Junction ledger signing " + id);
            // Whole seconds, as a certificate stores them; the new key must be the newest even when
            // added within the second of the previous one (or under a clock that went back).
            var now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            for (String existing : Collections.list(store.aliases())) {
                if (existing.startsWith(LEDGER_SIGNING_ALIAS_PREFIX)
                        && store.getCertificate(existing) instanceof java.security.cert.X509Certificate c
                        && !c.getNotBefore().toInstant().isBefore(now)) {
                    now = c.getNotBefore().toInstant().plusSeconds(1);
                }
            }
            var certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                    new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name,
                            new java.math.BigInteger(64, RANDOM).add(java.math.BigInteger.ONE), java.util.Date.from(now),
                            java.util.Date.from(now.plus(java.time.Duration.ofDays(100 * 365))), name, pair.getPublic())
                            .addExtension(org.bouncycastle.asn1.x509.Extension.keyUsage, true,
                                    new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.digitalSignature))
                            .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("Ed25519")
                                    .build(pair.getPrivate())));
            store.setEntry(alias, new KeyStore.PrivateKeyEntry(pair.getPrivate(),
                    new java.security.cert.Certificate[] {certificate}), new KeyStore.PasswordProtection(password));
            write(file, store, password, true);
            return LedgerSigningKeys.LedgerKey.of(id, pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.cert.CertIOException e) {
            throw new KeyStoreFileException("cannot create ledger signing key '" + id + "' in keystore " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static void addKey(Path file, char[] password, String prefix, String newId, String algorithm,
                               String what) {
        KeyRing.requireValidId(newId);
        KeyStore store = read(file, password);
        String alias = prefix + newId;
        try {
            if (store.containsAlias(alias)) {
                throw new KeyStoreFileException("keystore " + file + " already has a " + what + " with id '"
                        + newId + "'");
            }
        } catch (java.security.KeyStoreException e) {
            throw new KeyStoreFileException("cannot read keystore " + file, e);
        }
        put(store, alias, randomKey(algorithm), password);
        write(file, store, password, true);
    }

    private static KeyStore read(Path file, char[] password) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(in, password);
            return store;
        } catch (NoSuchFileException e) {
            throw new KeyStoreFileException("keystore " + file + " not found", e);
        } catch (IOException e) {
            // PKCS12 reports a failed MAC check (wrong password, or a damaged file) as an IOException
            // caused by UnrecoverableKeyException; the two cannot be told apart from the file.
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KeyStoreFileException("cannot open keystore " + file
                        + ": wrong password or damaged file (integrity check failed)", e);
            }
            throw new KeyStoreFileException("cannot read keystore " + file + ": " + e.getClass().getSimpleName(), e);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreFileException("cannot read keystore " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static String idOf(Path file, String alias, String prefix) {
        String id = alias.substring(prefix.length());
        if (!KeyRing.KEY_ID.matcher(id).matches()) {
            throw new KeyStoreFileException("keystore " + file + " has an entry with an invalid key id: alias '"
                    + alias + "'");
        }
        return id;
    }

    private static SecretKey secretKey(Path file, KeyStore store, String alias, char[] password)
            throws GeneralSecurityException {
        if (!store.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)) {
            throw new KeyStoreFileException("keystore " + file + " entry '" + alias + "' is not a secret key");
        }
        KeyStore.Entry entry = store.getEntry(alias, new KeyStore.PasswordProtection(password));
        return ((KeyStore.SecretKeyEntry) entry).getSecretKey();
    }

    private static KeyStore empty() {
        try {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyStoreFileException("cannot create an empty " + TYPE + " keystore", e);
        }
    }

    private static SecretKey randomKey(String algorithm) {
        byte[] bytes = new byte[KeyRing.KEY_BYTES];
        RANDOM.nextBytes(bytes);
        try {
            return new SecretKeySpec(bytes, algorithm);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void put(KeyStore store, String alias, SecretKey key, char[] password) {
        try {
            store.setEntry(alias, new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(password));
        } catch (java.security.KeyStoreException e) {
            throw new KeyStoreFileException("cannot store entry '" + alias + "'", e);
        }
    }

    /**
     * Writes to a temporary file in the target directory and renames it into place, so a crash or a
     * full disk never leaves a half-written keystore where the only copy of the keys used to be.
     */
    private static void write(Path file, KeyStore store, char[] password, boolean replace) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp", ownerOnly(dir));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                store.store(out, password);
                out.flush();
                channel.force(true);
            }
            move(tmp, target, replace);
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw new KeyStoreFileException("keystore " + file + " already exists; refusing to overwrite its keys", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyStoreFileException("cannot write keystore " + file + ": " + e.getClass().getSimpleName(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed and is being reported; a stray temp file is secondary
                }
            }
        }
    }

    private static void move(Path tmp, Path target, boolean replace) throws IOException {
        if (!replace) {
            // same directory, so this is a rename; without REPLACE_EXISTING it fails rather than
            // clobber a keystore that appeared since the existence check
            Files.move(tmp, target);
            return;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) throws IOException {
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
        }
        return new FileAttribute<?>[0];
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
                return;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn("keystore {} is readable by group or others ({}); it should be owner-only",
                        file, PosixFilePermissions.toString(perms));
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot check permissions of keystore {}", file, e);
        }
    }
}
