package org.junction.adapters.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.SettingProblem;
import org.junction.security.crypto.CmsEnvelopes;
import org.junction.security.crypto.CmsSignatures;
import org.junction.security.keys.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboundProtectionTest {

    private static final byte[] RENDERED = "ref,Testshire-9\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void signedThenEncryptedOutputOpensWithThePartnerKeyAndVerifiesWithTheHubCertificate() throws Exception {
        KeyPair partner = keyPair();
        Path certificate = write(certificate(partner, KeyUsage.keyAgreement, 30));
        KeyPair hubPair = keyPair();
        SigningKey hub = new SigningKey(hubPair.getPrivate(), certificate(hubPair, KeyUsage.digitalSignature, 30));
        var protection = new OutboundProtection(() -> Optional.of(hub), Clock.systemUTC());

        var protector = protection.protector(certificate.toString(), true);
        var sent = protector.apply(RENDERED, "text/csv");

        assertThat(sent.mediaType()).isEqualTo(CmsEnvelopes.MEDIA_TYPE);
        assertThat(new String(sent.body(), StandardCharsets.ISO_8859_1)).doesNotContain("Testshire-9");
        byte[] opened = CmsEnvelopes.decrypt(sent.body(), partner.getPrivate());
        assertThat(CmsSignatures.verify(opened, hub.certificate())).isEqualTo(RENDERED);
        assertThat(protector.fileName("r1.csv")).isEqualTo("r1.csv.p7m");
        assertThat(OutboundProtection.Protector.NONE.apply(RENDERED, "text/csv").body()).isEqualTo(RENDERED);
        assertThat(OutboundProtection.Protector.NONE.fileName("r1.csv")).isEqualTo("r1.csv");
    }

    @Test
    void optionsAreCheckedWhenTheConfigurationLoads() throws Exception {
        Path signingOnly = write(certificate(keyPair(), KeyUsage.digitalSignature, 30));
        var protection = OutboundProtection.WITHOUT_SIGNING_KEY;

        assertThat(protection.check(Direction.SINK, settings(Map.of("recipient-certificate", signingOnly.toString(),
                "sign", "true"))))
                .extracting(SettingProblem::key).containsExactlyInAnyOrder("options.recipient-certificate", "options.sign");
        assertThat(protection.check(Direction.SINK, settings(Map.of("sign", "yes"))))
                .extracting(SettingProblem::reason).containsExactly("true or false");
        assertThat(protection.check(Direction.SOURCE, settings(Map.of("sign", "false"))))
                .extracting(SettingProblem::key).containsExactly("options.sign");
        assertThat(protection.check(Direction.SINK, settings(Map.of("sign", "false")))).isEmpty();
    }

    private static AdapterSettings settings(Map<String, String> options) {
        return new AdapterSettings("webhook", "https://partner.example/in", "council-referral-json-v1", null, options);
    }

    private Path write(X509Certificate certificate) throws Exception {
        Path file = Files.createTempFile(dir, "partner", ".crt");
        Files.write(file, certificate.getEncoded());
        return file;
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(KeyPair pair, int usage, int days) throws Exception {
        X500Name name = new X500Name("CN=Testshire Partner");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(days, ChronoUnit.DAYS)), name, pair.getPublic())
                .addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
}
