package org.junction.security.governance.minimise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.fhir.Fhir;
import org.junction.security.governance.GovernanceFixtures;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.Flow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What each kind of recipient gets of one rich referral, as the canonical Bundle it would be
 * sent, plus a summary of what was disclosed and withheld. Run with {@code -Dgolden.update=true}
 * to rewrite the files after an intended change, then review the diff.
 */
class MinimiserGoldenTest {

    static final boolean UPDATE = Boolean.getBoolean("golden.update");
    static final Path DIR = Path.of("src", "test", "resources", "governance", "golden");
    static final MappingContext CONTEXT = new MappingContext(UUID.fromString("0b6f5a8e-2c1d-4e3f-9a8b-7c6d5e4f3a21"),
            GovernanceFixtures.SENDER, "req-0471", "c0ffee00-0000-4000-8000-000000000471",
            Instant.parse("2026-06-01T09:55:00Z"));

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mash, police-to-mash", "cru, police-to-cru", "gp, police-to-gp", "volunteer, police-to-befrienders"})
    void recipientKindGetsItsMinimisedReferral(String kind, String flowId) throws IOException {
        Agreement agreement = GovernanceFixtures.agreement();
        Flow flow = agreement.flow(flowId).orElseThrow();
        Disclosure disclosure = Minimiser.minimise(GovernanceFixtures.rich(), flow, GovernanceFixtures.TODAY);

        Bundle bundle = ReferralBundles.toBundle(disclosure.referral(), CONTEXT);
        String json = Fhir.context().newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle) + "\n";
        compare(DIR.resolve(kind + ".bundle.json"), json);
        compare(DIR.resolve(kind + ".disclosure.txt"), summary(disclosure));

        // Whatever the golden files say, nothing leaves that the flow does not allow.
        assertThat(flow.dataCategories()).containsAll(disclosure.disclosedCategories());
        assertThat(disclosure.disclosedItems()).allMatch(i -> flow.dataItems().contains(i)
                || i == org.junction.security.governance.data.DataItem.REFERRAL_ENVELOPE);
        if (!kind.equals("mash")) {
            assertThat(json).as("the alleged perpetrator goes only to the MASH").doesNotContain("Madeup");
        }
    }

    static String summary(Disclosure d) {
        return "disclosed items: " + names(d.disclosedItems().stream().map(i -> i.key())) + "\n"
                + "disclosed categories: " + names(d.disclosedCategories().stream().map(Enum::name)) + "\n"
                + "withheld items: " + names(d.withheldItems().stream().map(i -> i.key())) + "\n"
                + "withheld categories: " + names(d.withheldCategories().stream().map(Enum::name)) + "\n"
                + "withheld concerns: " + String.join(", ", d.withheldConcerns()) + "\n"
                + "related persons disclosed: " + d.relatedDisclosed() + ", withheld: " + d.relatedWithheld() + "\n"
                + "marking: " + d.referral().classification().marking() + " " + d.referral().classification().descriptors()
                + "\n";
    }

    private static String names(Stream<String> names) {
        return names.collect(Collectors.joining(", "));
    }

    private static void compare(Path expected, String actual) throws IOException {
        if (UPDATE) {
            Files.createDirectories(expected.getParent());
            Files.writeString(expected, actual);
            return;
        }
        if (!Files.exists(expected)) {
            fail(expected + " is missing; run with -Dgolden.update=true to create it");
        }
        assertThat(actual).isEqualTo(Files.readString(expected));
    }
}
