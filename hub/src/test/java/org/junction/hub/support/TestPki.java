package org.junction.hub.support;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests: EC P-256 keys, certificates valid for a day,
 * written as PKCS#12 stores the hub and test clients load.
 */
public final class TestPki {

    public static final String STORE_PASSWORD = "test-store-password";
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final X500Name caName;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    /** An issued certificate and its key. */
    public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {

        public String sha256() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public TestPki(String name) {
        try {
            caName = new X500Name("CN=" + name);
            caKeys = keyPair();
            var builder = new JcaX509v3CertificateBuilder(caName, serial(), notBefore(), notAfter(), caName,
                    caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            caCertificate = sign(builder, caKeys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate() {
        return caCertificate;
    }

    /** A server certificate for localhost and 127.0.0.1. */
    public Issued server() {
        return issue("CN=localhost", true);
    }

    /** A client certificate, as a partner's system would present. */
    public Issued client(String commonName) {
        return issue("CN=" + commonName, false);
    }

    /** A partner's certificate for what is encrypted to it (CMS): key agreement as well as signatures. */
    public Issued encryption(String commonName) {
        return issue("CN=" + commonName, false, KeyUsage.digitalSignature | KeyUsage.keyAgreement, notBefore(), notAfter());
    }

    /** A client certificate whose validity ended yesterday: what a partner still presents after a missed rotation. */
    public Issued expiredClient(String commonName) {
        Instant now = Instant.now();
        return issue("CN=" + commonName, false, KeyUsage.digitalSignature, Date.from(now.minus(Duration.ofDays(2))),
                Date.from(now.minus(Duration.ofDays(1))));
    }

    private Issued issue(String subject, boolean server) {
        return issue(subject, server, KeyUsage.digitalSignature, notBefore(), notAfter());
    }

    private Issued issue(String subject, boolean server, int keyUsage, Date notBefore, Date notAfter) {
        try {
            KeyPair keys = keyPair();
            var builder = new JcaX509v3CertificateBuilder(caName, serial(), notBefore, notAfter,
                    new X500Name(subject), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            return new Issued(sign(builder, caKeys.getPrivate()), keys.getPrivate(), caCertificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 key store holding one key entry (the certificate and its issuer). */
    public static Path keyStore(Issued issued, Path file) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", issued.key(), STORE_PASSWORD.toCharArray(),
                    new X509Certificate[] {issued.certificate(), issued.issuer()});
            return write(store, file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 trust store holding this CA's certificate. */
    public Path trustStore(Path file) {
        try {
            return write(trustStore(), file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", caCertificate);
        return store;
    }

    /** A client TLS context trusting this CA, presenting {@code client} when not null. */
    public SSLContext clientContext(Issued client) {
        try {
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            KeyManagerFactory keys = null;
            if (client != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("client", client.key(), STORE_PASSWORD.toCharArray(),
                        new X509Certificate[] {client.certificate(), client.issuer()});
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, STORE_PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(KeyStore store, Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
        return file;
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }
}
