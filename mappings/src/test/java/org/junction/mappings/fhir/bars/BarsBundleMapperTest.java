package org.junction.mappings.fhir.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.validation.SharedValidators;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.Test;

class BarsBundleMapperTest {

    private static final byte[] PLAIN = GoldenFiles.read(GoldenFiles.dir(BarsFixtures.INBOUND)
            .resolve("plain-uk-core-hospital-referral").resolve("input.json"));

    @Test
    void withUkCoreValidationAConformingMessageMaps() {
        BarsBundleMapper mapper = new BarsBundleMapper(SharedValidators.ukCore());

        assertThat(mapper.map(PLAIN, BarsFixtures.HOSPITAL).getEntry()).isNotEmpty();
    }

    @Test
    void withUkCoreValidationAMessageBreakingADeclaredProfileIsRefusedByPath() {
        // An NHS number identifier without a value passes the hub's own checks, which skip it,
        // but breaks UKCore-Patient, which the Patient declares.
        String broken = new String(PLAIN, StandardCharsets.UTF_8)
                .replace("\"value\": \"999 000 0042\"", "\"id\": \"no-value\"");
        BarsBundleMapper mapper = new BarsBundleMapper(SharedValidators.ukCore());

        assertThatThrownBy(() -> mapper.map(broken.getBytes(StandardCharsets.UTF_8), BarsFixtures.HOSPITAL))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Violation.Kind.RULE);
                    assertThat(e.violations()).allSatisfy(v -> assertThat(v.reason()).startsWith("fails FHIR validation ("));
                    assertThat(e.violations()).anySatisfy(v -> assertThat(v.field()).startsWith("Bundle.entry[2].resource"));
                });
        // Without the validator the same message is accepted: the check above is the validator's.
        assertThat(new BarsBundleMapper().map(broken.getBytes(StandardCharsets.UTF_8), BarsFixtures.HOSPITAL)).isNotNull();
    }

    @Test
    void anUnknownRecipientKindAPerformerThatIsNoPartnerIdAndANonBooleanRiskFlagAreRefusedByPath() {
        String bad = new String(PLAIN, StandardCharsets.UTF_8)
                .replace("\"code\": \"COUNCIL\"", "\"code\": \"WIZARD\"")
                .replace("\"value\": \"testshire-council\"", "\"value\": \"Not A Partner\"")
                .replace("\"valueBoolean\": true", "\"valueString\": \"yes\"");

        assertThatThrownBy(() -> new BarsBundleMapper().map(bad.getBytes(StandardCharsets.UTF_8), BarsFixtures.HOSPITAL))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .anyMatch(f -> f.endsWith(".performerType[0]"))
                        .anyMatch(f -> f.endsWith(".performer[0].identifier.value"))
                        .anyMatch(f -> f.endsWith(".extension")));
    }

    @Test
    void concurrentMappingsGiveTheSameBundle() throws Exception {
        BarsBundleMapper mapper = new BarsBundleMapper();
        String expected = Fhir.toJson(mapper.map(PLAIN, BarsFixtures.HOSPITAL));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = pool.invokeAll(java.util.Collections.nCopies(16,
                    () -> Fhir.toJson(mapper.map(PLAIN, BarsFixtures.HOSPITAL))));
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void xmlWithAnExternalEntityIsRefusedWithoutReadingIt() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Bundle [<!ENTITY secret SYSTEM \"file:///etc/hostname\">]>"
                + "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"message\"/><entry><fullUrl value=\"&secret;\"/></entry></Bundle>";

        assertThatThrownBy(() -> new BarsBundleMapper().map(xxe.getBytes(StandardCharsets.UTF_8), BarsFixtures.HOSPITAL))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.kind()).isEqualTo(Violation.Kind.MALFORMED));
    }

    @Test
    void inputThatIsNotUtf8IsRefusedAsMalformed() {
        byte[] latin1 = "{\"resourceType\":\"Bundle\",\"id\":\"Zo\u00eb\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> new BarsBundleMapper().map(latin1, BarsFixtures.HOSPITAL))
                .isInstanceOfSatisfying(MappingException.class, e ->
                        assertThat(e.violations()).containsExactly(Violation.malformed("$", "is not UTF-8 text")));
    }
}
