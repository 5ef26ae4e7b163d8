package org.junction.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiTest {

    private static final char[] CA_PASSWORD = "ca-secret-for-tests".toCharArray();
    private static final char[] PASSWORD = "leaf-secret-for-tests".toCharArray();

    @TempDir
    Path dir;

    @Test
    void serverAndPartnerCertificatesChainToTheCaWithTheRightNamesAndPurposes() throws Exception {
        Pki.Issued ca = Pki.createCa(dir.resolve("ca.p12"), CA_PASSWORD, "Test CA", Duration.ofDays(3650));
        Pki.Issued server = Pki.issueServer(dir.resolve("ca.p12"), CA_PASSWORD, dir.resolve("server.p12"), PASSWORD,
                null, List.of("dns:hub.example.test", "ip:127.0.0.1", "localhost"), Duration.ofDays(397));
        Pki.Issued partner = Pki.issuePartner(dir.resolve("ca.p12"), CA_PASSWORD, "police-test",
                dir.resolve("partners/police-test.p12"), PASSWORD, Duration.ofDays(397));

        X509Certificate caCert = ca.certificate();
        assertThat(caCert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        caCert.verify(caCert.getPublicKey());

        for (Pki.Issued leaf : List.of(server, partner)) {
            KeyStore store = load(leaf.keystore(), PASSWORD);
            String alias = store.aliases().nextElement();
            Certificate[] chain = store.getCertificateChain(alias);
            assertThat(chain).hasSize(2);
            assertThat(chain[1]).isEqualTo(caCert);
            assertThat(store.getKey(alias, PASSWORD)).isNotNull();
            validate(chain[0], caCert);
            assertThat(((X509Certificate) chain[0]).getBasicConstraints()).isEqualTo(-1);
        }

        X509Certificate serverCert = server.certificate();
        assertThat(serverCert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(serverCert.getSubjectAlternativeNames())
                .extracting(san -> (Object) san.get(1))
                .containsExactlyInAnyOrder("hub.example.test", "127.0.0.1", "localhost");
        assertThat(serverCert.getSubjectX500Principal().getName()).contains("CN=hub.example.test");

        X509Certificate partnerCert = partner.certificate();
        assertThat(partnerCert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(partnerCert.getSubjectX500Principal().getName()).contains("CN=police-test");
        assertThat(partnerCert.getNotAfter().toInstant())
                .isBetween(Instant.now().plus(Duration.ofDays(396)), Instant.now().plus(Duration.ofDays(398)));
    }

    @Test
    void partnerCommandPrintsTheFingerprintOfTheCertificateItWrote() throws Exception {
        Path caPw = secretFile("ca.pw", "ca-secret-for-tests");
        Path pw = secretFile("leaf.pw", "leaf-secret-for-tests");
        Path pki = dir.resolve("pki");

        assertThat(cli("pki", "ca", "--dir", pki.toString(), "--password", "file:" + caPw).status).isZero();
        Result issued = cli("pki", "partner", "council-test", "--dir", pki.toString(), "--password", "file:" + pw,
                "--ca-password", "file:" + caPw);

        assertThat(issued.status).isZero();
        String printed = issued.out.lines().reduce((a, b) -> b).orElseThrow().trim();
        byte[] der;
        try (InputStream in = Files.newInputStream(pki.resolve("partners/council-test.crt"))) {
            der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
        }
        String expected = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        assertThat(printed).isEqualTo(expected).hasSize(95);
        X509Certificate inKeystore = (X509Certificate) load(pki.resolve("partners/council-test.p12"), PASSWORD)
                .getCertificate("council-test");
        assertThat(inKeystore.getEncoded()).isEqualTo(der);
    }

    @Test
    void listFlagsCertificatesExpiringWithinThirtyDaysAndExpiredOnes() throws Exception {
        Pki.createCa(dir.resolve("ca.p12"), CA_PASSWORD, "Test CA", Duration.ofDays(3650));
        Pki.issuePartner(dir.resolve("ca.p12"), CA_PASSWORD, "soon", dir.resolve("certs/soon.p12"), PASSWORD,
                Duration.ofDays(10));
        Pki.issuePartner(dir.resolve("ca.p12"), CA_PASSWORD, "later", dir.resolve("certs/later.p12"), PASSWORD,
                Duration.ofDays(60));

        List<Pki.CertificateInfo> now = Pki.list(dir.resolve("certs"), PASSWORD, Instant.now());
        // one entry per .p12 (its own certificate) and one per .crt
        assertThat(now).hasSize(4);
        assertThat(now).filteredOn(Pki.CertificateInfo::expiresSoon)
                .extracting(Pki.CertificateInfo::subject).allMatch(s -> s.contains("CN=soon")).hasSize(2);
        assertThat(now).filteredOn(c -> c.subject().contains("CN=later")).noneMatch(Pki.CertificateInfo::expiresSoon);
        assertThat(now).noneMatch(Pki.CertificateInfo::expired);
        assertThat(now.get(0).subject()).contains("CN=soon");

        List<Pki.CertificateInfo> inFortyDays = Pki.list(dir.resolve("certs"), PASSWORD,
                Instant.now().plus(Duration.ofDays(40)));
        assertThat(inFortyDays).filteredOn(Pki.CertificateInfo::expired)
                .allMatch(c -> c.subject().contains("CN=soon")).hasSize(2);
        assertThat(inFortyDays).filteredOn(Pki.CertificateInfo::expiresSoon)
                .allMatch(c -> c.subject().contains("CN=later")).hasSize(2);
    }

    @Test
    void listCommandPrintsFlagsFingerprintsAndACount() throws Exception {
        Pki.Issued ca = Pki.createCa(dir.resolve("ca.p12"), CA_PASSWORD, "Test CA", Duration.ofDays(3650));
        Pki.issuePartner(dir.resolve("ca.p12"), CA_PASSWORD, "soon", dir.resolve("soon.p12"), PASSWORD,
                Duration.ofDays(5));

        Result listed = cli("pki", "list", dir.resolve("soon.crt").toString());
        Result caListed = cli("pki", "list", dir.resolve("ca.p12").toString(),
                "--password", "file:" + secretFile("ca.pw", "ca-secret-for-tests"));

        assertThat(listed.status).isZero();
        assertThat(listed.out).contains("EXPIRING").contains("CN=soon").contains("1 certificate(s), 1 expired or expiring");
        assertThat(caListed.out).contains(ca.fingerprint()).contains("ok").contains("0 expired or expiring");
    }

    @Test
    void refusesToOverwriteAndRefusesCertificatesOutlivingTheCa() {
        Pki.createCa(dir.resolve("ca.p12"), CA_PASSWORD, "Test CA", Duration.ofDays(100));

        assertThatThrownBy(() -> Pki.createCa(dir.resolve("ca.p12"), CA_PASSWORD, "Other", Duration.ofDays(10)))
                .isInstanceOf(PkiException.class).hasMessageContaining("refusing to overwrite");
        assertThatThrownBy(() -> Pki.issuePartner(dir.resolve("ca.p12"), CA_PASSWORD, "p", dir.resolve("p.p12"),
                PASSWORD, Duration.ofDays(200)))
                .isInstanceOf(PkiException.class).hasMessageContaining("outlasts the CA");
        assertThatThrownBy(() -> Pki.issuePartner(dir.resolve("ca.p12"), "wrong".toCharArray(), "p",
                dir.resolve("p.p12"), PASSWORD, Duration.ofDays(20)))
                .isInstanceOf(PkiException.class).hasMessageContaining("wrong password");
        assertThatThrownBy(() -> Pki.issueServer(dir.resolve("ca.p12"), CA_PASSWORD, dir.resolve("s.p12"), PASSWORD,
                null, List.of(), Duration.ofDays(20)))
                .isInstanceOf(PkiException.class).hasMessageContaining("--san");
    }

    @Test
    void inlinePasswordsAreRefusedAndSecretsNeverPrinted() throws Exception {
        Result inline = cli("pki", "ca", "--dir", dir.toString(), "--password", "hunter2-inline");
        assertThat(inline.status).isEqualTo(2);
        assertThat(inline.err).contains("by reference").doesNotContain("hunter2-inline");
        assertThat(dir.resolve("ca.p12")).doesNotExist();

        Path pw = secretFile("pw", "s3cret-value-for-tests");
        Result ok = cli("pki", "ca", "--dir", dir.toString(), "--password", "file:" + pw);
        assertThat(ok.status).isZero();
        assertThat(ok.out + ok.err).doesNotContain("s3cret-value-for-tests");
        assertThat(cli("pki", "nonsense").status).isEqualTo(2);
    }

    private void validate(Certificate leaf, X509Certificate ca) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private Path secretFile(String name, String value) throws Exception {
        return Files.writeString(dir.resolve(name), value + "\n");
    }

    record Result(int status, String out, String err) {
    }

    static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JunctionCli.run(Arrays.copyOf(args, args.length), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
