package org.junction.security.crypto;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junction.security.keys.SigningKey;

/** Partner key pairs with self-signed certificates, for tests. */
final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {
    }

    static KeyPair keyPair(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(algorithm.equals("EC") ? 256 : 2048);
        return generator.generateKeyPair();
    }

    /** A certificate valid from {@code from} days to {@code to} days from now, with the key usage bits given (0: none). */
    static X509Certificate certificate(KeyPair pair, int keyUsage, int from, int to) throws Exception {
        X500Name name = new X500Name("CN=Testshire Partner");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.plus(from, ChronoUnit.DAYS)), Date.from(now.plus(to, ChronoUnit.DAYS)), name,
                pair.getPublic());
        if (keyUsage != 0) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        }
        var signer = new JcaContentSignerBuilder(pair.getPrivate().getAlgorithm().equals("EC")
                ? "SHA256withECDSA" : "SHA256withRSA").build(pair.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    static SigningKey signingKey(String algorithm) throws Exception {
        KeyPair pair = keyPair(algorithm);
        return new SigningKey(pair.getPrivate(), certificate(pair, KeyUsage.digitalSignature, -1, 30));
    }

    static Path write(X509Certificate certificate, Path file) throws Exception {
        Files.write(file, certificate.getEncoded());
        return file;
    }
}
