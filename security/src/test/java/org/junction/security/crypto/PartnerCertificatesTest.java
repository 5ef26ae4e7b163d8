package org.junction.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junction.security.crypto.PartnerCertificates.Use;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartnerCertificatesTest {

    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;

    @Test
    void aCertificateIsCheckedForReadabilityValidityAndKeyUsage() throws Exception {
        var ec = TestCertificates.keyPair("EC");
        var rsa = TestCertificates.keyPair("RSA");
        Path agreement = TestCertificates.write(TestCertificates.certificate(ec, KeyUsage.keyAgreement, -1, 30), dir.resolve("a.crt"));
        Path ecSigning = TestCertificates.write(TestCertificates.certificate(ec, KeyUsage.digitalSignature, -1, 30), dir.resolve("b.crt"));
        Path rsaEnc = TestCertificates.write(TestCertificates.certificate(rsa, KeyUsage.keyEncipherment, -1, 30), dir.resolve("c.crt"));
        Path expired = TestCertificates.write(TestCertificates.certificate(ec, 0, -30, -1), dir.resolve("d.crt"));
        Path garbage = Files.writeString(dir.resolve("e.crt"), "not a certificate");

        assertThat(PartnerCertificates.problem(agreement.toString(), Use.ENCRYPTION, CLOCK)).isEmpty();
        assertThat(PartnerCertificates.problem(rsaEnc.toString(), Use.ENCRYPTION, CLOCK)).isEmpty();
        assertThat(PartnerCertificates.problem(ecSigning.toString(), Use.SIGNATURE, CLOCK)).isEmpty();
        assertThat(PartnerCertificates.problem(ecSigning.toString(), Use.ENCRYPTION, CLOCK)).get().asString()
                .contains("keyAgreement");
        assertThat(PartnerCertificates.problem(rsaEnc.toString(), Use.SIGNATURE, CLOCK)).get().asString()
                .contains("digitalSignature");
        assertThat(PartnerCertificates.problem(expired.toString(), Use.ENCRYPTION, CLOCK)).get().asString()
                .contains("expired");
        assertThat(PartnerCertificates.problem(garbage.toString(), Use.ENCRYPTION, CLOCK)).get().asString()
                .contains("not a readable certificate");
        assertThat(PartnerCertificates.problem(dir.resolve("missing.crt").toString(), Use.SIGNATURE, CLOCK)).get()
                .asString().contains("not a readable file");
    }
}
