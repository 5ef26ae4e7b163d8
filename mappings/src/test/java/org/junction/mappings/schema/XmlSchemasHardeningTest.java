package org.junction.mappings.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junction.mappings.police.PoliceReferralXmlMapper;
import org.junction.mappings.problem.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The XSD validator is hardened on its own, not only because the mapper parses first. */
class XmlSchemasHardeningTest {

    @TempDir
    Path dir;

    @Test
    void aDoctypeWithAnExternalFileEntityIsRefusedAndTheFileNeverRead() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "CANARY-7f3e");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE referral [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>"
                + "<referral xmlns=\"" + PoliceReferralXmlMapper.NAMESPACE + "\"><sourceRef>&s;</sourceRef></referral>";

        List<Violation> violations = XmlSchemas.validate(PoliceReferralXmlMapper.ID, xml.getBytes(StandardCharsets.UTF_8));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.reason()).isEqualTo("is not well-formed XML");
            assertThat(v.kind()).isEqualTo(Violation.Kind.MALFORMED);
        });
        assertThat(violations.toString()).doesNotContain("CANARY");
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        xml.append("]><referral xmlns=\"").append(PoliceReferralXmlMapper.NAMESPACE).append("\">&lol9;</referral>");

        List<Violation> violations = XmlSchemas.validate(PoliceReferralXmlMapper.ID,
                xml.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(violations).extracting(Violation::reason).containsExactly("is not well-formed XML");
    }

    @Test
    void anExternalDtdOverHttpIsNeverFetched() {
        // Port 9 (discard) on loopback: a fetch would fail or hang; refusing the DOCTYPE means no attempt.
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE referral SYSTEM \"http://127.0.0.1:9/evil.dtd\">"
                + "<referral xmlns=\"" + PoliceReferralXmlMapper.NAMESPACE + "\"/>";

        assertThat(XmlSchemas.validate(PoliceReferralXmlMapper.ID, xml.getBytes(StandardCharsets.UTF_8)))
                .extracting(Violation::reason).containsExactly("is not well-formed XML");
    }
}
