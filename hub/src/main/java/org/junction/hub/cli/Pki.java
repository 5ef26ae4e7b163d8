package org.junction.hub.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hub's small certificate authority for development and test deployments: a CA, the hub's
 * server certificate and partner client certificates, each kept in a PKCS12 file (key and chain)
 * with a PEM copy of the certificate beside it for whoever needs to trust it.
 *
 * <p>Keys are EC P-256: fast to generate, accepted by every TLS stack the partners use, and small
 * enough that a partner file can carry a fingerprint rather than a whole certificate.
 */
public final class Pki {

    public static final String CA_ALIAS = "ca";
    public static final String SERVER_ALIAS = "server";
    /** Certificates expiring within this window are flagged by {@link #list}. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern DNS_NAME = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|[0-9A-Fa-f:]+");
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pki() {
    }

    /** A certificate just issued, and where its key and certificate were written. */
    public record Issued(X509Certificate certificate, Path keystore, Path pem) {
        public String fingerprint() {
            return Pki.fingerprint(certificate);
        }
    }

    /** One line of {@link #list}: no key material, only what an operator needs to act on expiry. */
    public record CertificateInfo(Path file, String alias, String subject, String issuer, String fingerprint,
                                  Instant notAfter, boolean expired, boolean expiresSoon) {
    }

    /** Creates a self-signed CA certificate and its key in a new PKCS12 file. */
    public static Issued createCa(Path keystore, char[] password, String commonName, Duration validity) {
        refuseExisting(keystore);
        KeyPair pair = newKeyPair();
        X500Name name = name(commonName, "Junction development CA");
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(validity)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(builder, pair.getPrivate());
            return store(keystore, password, CA_ALIAS, pair.getPrivate(), cert, cert);
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot create the CA: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Issues the hub's TLS server certificate. {@code subjectAltNames} are {@code dns:name} or
     * {@code ip:address} (a bare value is taken as a DNS name); clients check the name they dialled
     * against these, never against the common name.
     */
    public static Issued issueServer(Path caKeystore, char[] caPassword, Path keystore, char[] password,
                                     String commonName, List<String> subjectAltNames, Duration validity) {
        if (subjectAltNames.isEmpty()) {
            throw new PkiException("a server certificate needs at least one subject alternative name (--san)");
        }
        GeneralNames sans = new GeneralNames(subjectAltNames.stream().map(Pki::generalName).toArray(GeneralName[]::new));
        String cn = commonName != null ? commonName : firstDnsName(subjectAltNames);
        return issue(caKeystore, caPassword, keystore, password, SERVER_ALIAS, name(cn, "Junction hub"),
                KeyPurposeId.id_kp_serverAuth, sans, validity);
    }

    /**
     * Issues a partner's client certificate for mutual TLS; the partner id is its common name, so the
     * hub can tell partners apart by certificate as well as by fingerprint.
     */
    public static Issued issuePartner(Path caKeystore, char[] caPassword, String partnerId, Path keystore,
                                      char[] password, Duration validity) {
        if (partnerId == null || !PARTNER_ID.matcher(partnerId).matches()) {
            throw new PkiException("invalid partner id: expected " + PARTNER_ID.pattern());
        }
        return issue(caKeystore, caPassword, keystore, password, partnerId, name(partnerId, "Junction partner"),
                KeyPurposeId.id_kp_clientAuth, null, validity);
    }

    /**
     * Lists the certificates in a PKCS12 file, a PEM/DER certificate file, or every such file in a
     * directory (not recursively). PKCS12 files need {@code password}; files it does not open are
     * reported as errors by the caller rather than skipped silently.
     */
    public static List<CertificateInfo> list(Path keystoreOrDir, char[] password, Instant now) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(keystoreOrDir)) {
            try (Stream<Path> listing = Files.list(keystoreOrDir)) {
                listing.filter(Files::isRegularFile).filter(Pki::isCertificateFile).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new PkiException("cannot list " + keystoreOrDir + ": " + e.getClass().getSimpleName(), e);
            }
        } else if (Files.isRegularFile(keystoreOrDir)) {
            files.add(keystoreOrDir);
        } else {
            throw new PkiException("no such file or directory: " + keystoreOrDir);
        }
        List<CertificateInfo> result = new ArrayList<>();
        for (Path file : files) {
            result.addAll(certificatesIn(file, password, now));
        }
        result.sort(Comparator.comparing(CertificateInfo::notAfter).thenComparing(i -> i.file().toString()));
        return result;
    }

    /** SHA-256 of the DER certificate, upper-case hex pairs separated by colons (as openssl prints it). */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot fingerprint a certificate: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The key and chain stored under {@code alias}; used to load a CA for issuing. */
    static KeyStore.PrivateKeyEntry privateKeyEntry(Path keystore, char[] password, String alias) {
        KeyStore store = load(keystore, password);
        try {
            if (!store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
                throw new PkiException("keystore " + keystore + " has no key entry '" + alias + "'");
            }
            return (KeyStore.PrivateKeyEntry) store.getEntry(alias, new KeyStore.PasswordProtection(password));
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot read entry '" + alias + "' of " + keystore + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static Issued issue(Path caKeystore, char[] caPassword, Path keystore, char[] password, String alias,
                                X500Name subject, KeyPurposeId purpose, GeneralNames sans, Duration validity) {
        refuseExisting(keystore);
        KeyStore.PrivateKeyEntry ca = privateKeyEntry(caKeystore, caPassword, CA_ALIAS);
        X509Certificate caCert = (X509Certificate) ca.getCertificate();
        Instant now = Instant.now();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(caCert.getNotAfter().toInstant())) {
            throw new PkiException("the requested validity outlasts the CA certificate (expires "
                    + caCert.getNotAfter().toInstant() + ")");
        }
        KeyPair pair = newKeyPair();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minusSeconds(60)), Date.from(notAfter), new X500Principal(subject.getEncoded()),
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            X509Certificate cert = sign(builder, ca.getPrivateKey());
            return store(keystore, password, alias, pair.getPrivate(), cert, caCert);
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot issue the certificate: " + e.getClass().getSimpleName(), e);
        }
    }

    private static List<CertificateInfo> certificatesIn(Path file, char[] password, Instant now) {
        List<CertificateInfo> result = new ArrayList<>();
        if (isPkcs12(file)) {
            if (password == null) {
                throw new PkiException("a password (--password) is needed to read " + file);
            }
            KeyStore store = load(file, password);
            try {
                for (String alias : Collections.list(store.aliases())) {
                    Certificate cert = store.getCertificate(alias);
                    if (cert instanceof X509Certificate x509) {
                        result.add(info(file, alias, x509, now));
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new PkiException("cannot list " + file + ": " + e.getClass().getSimpleName(), e);
            }
            return result;
        }
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            int i = 0;
            for (Certificate cert : certs) {
                result.add(info(file, String.valueOf(i++), (X509Certificate) cert, now));
            }
            return result;
        } catch (IOException | GeneralSecurityException e) {
            throw new PkiException("cannot read certificates from " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static CertificateInfo info(Path file, String alias, X509Certificate cert, Instant now) {
        Instant notAfter = cert.getNotAfter().toInstant();
        boolean expired = !notAfter.isAfter(now);
        boolean soon = !expired && notAfter.isBefore(now.plus(EXPIRY_WARNING));
        return new CertificateInfo(file, alias, cert.getSubjectX500Principal().getName(),
                cert.getIssuerX500Principal().getName(), fingerprint(cert), notAfter, expired, soon);
    }

    private static boolean isCertificateFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return isPkcs12(file) || name.endsWith(".crt") || name.endsWith(".pem") || name.endsWith(".cer");
    }

    private static boolean isPkcs12(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    private static KeyStore load(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            throw new PkiException("cannot open " + file + ": wrong password or damaged file", e);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot open " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static Issued store(Path keystore, char[] password, String alias, PrivateKey key, X509Certificate cert,
                                X509Certificate caCert) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Certificate[] chain = cert.equals(caCert) ? new Certificate[] {cert} : new Certificate[] {cert, caCert};
        store.setKeyEntry(alias, key, password, chain);
        Path dir = keystore.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // The private key never sits in a file anyone else can read, not even briefly.
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(keystore, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(keystore);
        }
        try (OutputStream out = Files.newOutputStream(keystore)) {
            store.store(out, password);
        }
        Path pem = pemPath(keystore);
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(cert);
        }
        Files.writeString(pem, text.toString(), StandardCharsets.US_ASCII);
        return new Issued(cert, keystore, pem);
    }

    static Path pemPath(Path keystore) {
        String name = keystore.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return keystore.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".crt");
    }

    private static void refuseExisting(Path keystore) {
        if (Files.exists(keystore) || Files.exists(pemPath(keystore))) {
            throw new PkiException(keystore + " (or its .crt) already exists; refusing to overwrite it");
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
        } catch (OperatorCreationException e) {
            throw new PkiException("cannot sign a certificate: " + e.getClass().getSimpleName(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate an EC key pair: " + e.getClass().getSimpleName(), e);
        }
    }

    private static BigInteger serial() {
        // Random, positive, 159 bits: unguessable serials as the CA/Browser Forum rules ask.
        return new BigInteger(159, RANDOM).setBit(158);
    }

    private static X500Name name(String commonName, String organisationalUnit) {
        if (commonName == null || commonName.isBlank()) {
            throw new PkiException("a common name is required");
        }
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Junction")
                .addRDN(BCStyle.OU, organisationalUnit)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static GeneralName generalName(String san) {
        String value = san.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ip:")) {
            String ip = value.substring(3);
            if (!IP_ADDRESS.matcher(ip).matches()) {
                throw new PkiException("invalid IP address in --san: " + ip);
            }
            return new GeneralName(GeneralName.iPAddress, ip);
        }
        String dns = lower.startsWith("dns:") ? value.substring(4) : value;
        if (!DNS_NAME.matcher(dns).matches()) {
            throw new PkiException("invalid DNS name in --san: " + dns);
        }
        return new GeneralName(GeneralName.dNSName, dns);
    }

    private static String firstDnsName(List<String> sans) {
        for (String san : sans) {
            String lower = san.trim().toLowerCase(Locale.ROOT);
            if (!lower.startsWith("ip:")) {
                return lower.startsWith("dns:") ? san.trim().substring(4) : san.trim();
            }
        }
        return sans.get(0).trim().substring(3);
    }
}
