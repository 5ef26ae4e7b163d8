package org.junction.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmsEnvelopesTest {

    private static final byte[] REFERRAL = "{\"nhsNumber\":\"9990000018\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void ecAndRsaRecipientsOpenWhatWasEncryptedForThemAndTheEnvelopeHidesTheContent() throws Exception {
        for (String algorithm : new String[] {"EC", "RSA"}) {
            KeyPair recipient = keyPair(algorithm);
            X509Certificate certificate = selfSigned(recipient, algorithm);

            byte[] envelope = CmsEnvelopes.encrypt(REFERRAL, certificate);

            assertThat(new String(envelope, StandardCharsets.ISO_8859_1)).doesNotContain("9990000018");
            assertThat(CmsEnvelopes.decrypt(envelope, recipient.getPrivate())).isEqualTo(REFERRAL);
        }
    }

    @Test
    void anotherPartnersKeyOpensNothingAndATamperedEnvelopeIsRefused() throws Exception {
        KeyPair recipient = keyPair("EC");
        byte[] envelope = CmsEnvelopes.encrypt(REFERRAL, selfSigned(recipient, "EC"));

        assertThatThrownBy(() -> CmsEnvelopes.decrypt(envelope, keyPair("EC").getPrivate()))
                .isInstanceOf(CryptoException.class);
        byte[] tampered = envelope.clone();
        tampered[tampered.length - 20] ^= 0x01;
        assertThatThrownBy(() -> CmsEnvelopes.decrypt(tampered, recipient.getPrivate()))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void certificateIsReadFromAPemFile() throws Exception {
        X509Certificate certificate = selfSigned(keyPair("EC"), "EC");
        Path pem = dir.resolve("partner.crt");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");

        assertThat(CmsEnvelopes.readCertificate(pem)).isEqualTo(certificate);
    }

    private static KeyPair keyPair(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(algorithm.equals("EC") ? 256 : 2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair pair, String algorithm) throws Exception {
        X500Name name = new X500Name("CN=Testshire Partner");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)), name, pair.getPublic());
        var signer = new JcaContentSignerBuilder(algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA")
                .build(pair.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
