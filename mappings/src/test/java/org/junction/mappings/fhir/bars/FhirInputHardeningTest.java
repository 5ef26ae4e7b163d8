package org.junction.mappings.fhir.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.parser.DataFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.r4.model.Task;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.json.JsonLimits;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FHIR input, JSON and XML, under the hub's limits; and HAPI's own XML parser checked, not assumed, safe. */
class FhirInputHardeningTest {

    @TempDir
    Path dir;

    private String xxeTask(Path secret) {
        return "<?xml version=\"1.0\"?><!DOCTYPE Task [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Task xmlns=\"http://hl7.org/fhir\"><status value=\"accepted\"/><intent value=\"order\"/>"
                + "<description value=\"&s;\"/></Task>";
    }

    @Test
    void hapisOwnXmlParserDoesNotResolveAnExternalEntity() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "CANARY-91ab");
        String xml = xxeTask(secret);

        // Either a refusal or a Task without the file's content: never the content.
        try {
            Task task = Fhir.context().newXmlParser().parseResource(Task.class, xml);
            assertThat(Fhir.toJson(task)).doesNotContain("CANARY");
        } catch (DataFormatException refused) {
            assertThat(refused.getMessage()).doesNotContain("CANARY");
        }
    }

    @Test
    void fhirXmlWithADoctypeIsRefusedAsMalformed() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "CANARY-91ab");

        assertThatThrownBy(() -> FhirInput.parse("fhir-feedback-r4-v1", xxeTask(secret).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations())
                        .containsExactly(Violation.malformed("$", FhirInput.DOCTYPE_REFUSED)));
    }

    @Test
    void fhirJsonNestedBeyondTheLimitIsRefusedBeforeHapiReadsIt() {
        String deep = "{\"resourceType\":\"Task\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        assertThatThrownBy(() -> FhirInput.parse("fhir-feedback-r4-v1", deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations())
                        .containsExactly(Violation.malformed("$", JsonLimits.EXCEEDED)));
    }

    @Test
    void fhirJsonWithAHugeNumberIsRefused() {
        String task = "{\"resourceType\":\"Task\",\"status\":\"accepted\",\"intent\":\"order\",\"priority\":"
                + "1".repeat(10_000) + "}";

        assertThatThrownBy(() -> FhirInput.parse("fhir-feedback-r4-v1", task.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations())
                        .containsExactly(Violation.malformed("$", JsonLimits.EXCEEDED)));
    }
}
