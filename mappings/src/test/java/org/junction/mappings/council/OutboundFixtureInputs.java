package org.junction.mappings.council;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.canonical.ReferralModel.Address;
import org.junction.mappings.canonical.ReferralModel.Classification;
import org.junction.mappings.canonical.ReferralModel.ConsentSummary;
import org.junction.mappings.canonical.ReferralModel.Contact;
import org.junction.mappings.canonical.ReferralModel.Name;
import org.junction.mappings.canonical.ReferralModel.NeedOrWish;
import org.junction.mappings.canonical.ReferralModel.PersonIdentifier;
import org.junction.mappings.canonical.ReferralModel.Professional;
import org.junction.mappings.canonical.ReferralModel.RelatedPerson;
import org.junction.mappings.canonical.ReferralModel.Subject;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.mash.MashReferralJsonRenderer;
import org.junction.mappings.testing.Fixtures;
import org.junction.mappings.testing.GoldenFiles;
import org.junction.mappings.testing.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the canonical Bundles the council and MASH renderers' golden cases start from
 * ({@code input.json}). Run only on purpose, with {@code -Dfixtures.inputs=true}, after a change
 * to the canonical Bundle; review the diff, then regenerate the expected files with
 * {@code -Dgolden.update=true}.
 */
@EnabledIfSystemProperty(named = "fixtures.inputs", matches = "true")
class OutboundFixtureInputs {

    private static final MappingContext POLICE = new MappingContext(
            UUID.fromString("7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"), "test-police", "req-police-0042",
            "1e2d3c4b-5a69-4788-9766-554433221100", Instant.parse("2026-11-20T09:00:00Z"));

    @Test
    void writeOutboundInputs() throws IOException {
        CouncilReferralJsonMapper council = new CouncilReferralJsonMapper();
        Map<String, Bundle> cases = new java.util.LinkedHashMap<>();
        cases.put("from-council-early-help-full", council.map(
                GoldenFiles.read(CouncilFixtures.inbound("early-help-family-full").resolve("input.json")),
                CouncilFixtures.INBOUND));
        cases.put("from-council-adult-at-risk-no-nhs-number", council.map(
                GoldenFiles.read(CouncilFixtures.inbound("adult-at-risk-no-nhs-number").resolve("input.json")),
                CouncilFixtures.INBOUND));
        cases.put("from-council-required-fields-only", council.map(
                GoldenFiles.read(CouncilFixtures.inbound("homelessness-minimal-required-only").resolve("input.json")),
                CouncilFixtures.INBOUND));
        cases.put("from-police-domestic-abuse", Fixtures.mapPolice("domestic-abuse-consent-given"));
        cases.put("from-model-every-field", ReferralBundles.toBundle(Models.full(), POLICE));
        cases.put("from-model-required-only", ReferralBundles.toBundle(Models.minimal(), POLICE));

        for (Map.Entry<String, Bundle> c : cases.entrySet()) {
            write(GoldenFiles.dir(CouncilFixtures.OUTBOUND_CASES).resolve(c.getKey()), c.getValue());
            write(GoldenFiles.dir(CouncilReferralCsvRenderer.ID).resolve(c.getKey()), c.getValue());
            write(GoldenFiles.dir(MashReferralJsonRenderer.ID).resolve(c.getKey()), c.getValue());
        }
        write(GoldenFiles.dir(CouncilReferralCsvRenderer.ID).resolve("spreadsheet-formulas-and-quoting"),
                ReferralBundles.toBundle(hostileText(), POLICE));
        write(GoldenFiles.dir(MashReferralJsonRenderer.ID).resolve("from-police-adult-at-risk-consent-refused"),
                Fixtures.mapPolice("adult-at-risk-consent-refused"));
    }

    /** Text a spreadsheet would run as a formula, and text that needs RFC 4180 quoting. */
    private static ReferralModel hostileText() {
        Subject subject = new Subject(
                List.of(new PersonIdentifier(JunctionSystems.NHS_NUMBER, "9990000069")), "02",
                new Name(List.of("@Sam", "Jo"), "-Dashwood", List.of("=cmd|' /C calc'!A0")),
                LocalDate.parse("1979-04-04"), false, "other",
                List.of(new Address("home", List.of("1 \"Quoted\" House", "Comma, Lane"), "Exampletown", null, "EX1 1AA", null)),
                List.of(new Contact("phone", "+44 7700 900999", true, "after 6pm,\nnot weekends")),
                null, false, null, null);
        return new ReferralModel("=HYPERLINK(\"http://example.invalid\",\"click\")", null, "ASB", "REFERRAL", "PUBHLTH",
                "routine", subject,
                List.of(new RelatedPerson("OTHER", new Name(List.of("+Plus"), "Person", List.of()), null, "neighbour", null, null)),
                List.of("ASB"), "Line one, with a comma.\r\nLine two with \"quotes\".", null, "@SUM(A1:A9)", null,
                new Professional("Officer, Example", "7", null, "Test Constabulary", null, "+44 1632 960000", null), null,
                new ConsentSummary("GIVEN", null, Instant.parse("2026-11-19T12:00:00Z")),
                new Classification("OFFICIAL", List.of()), false,
                List.of(new NeedOrWish("NEED", "-help with noise"), new NeedOrWish("NEED", "a second, separate need")));
    }

    private static void write(Path dir, Bundle bundle) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("input.json"),
                GoldenFiles.JSON.writeValueAsString(GoldenFiles.JSON.readTree(Fhir.toJson(bundle))) + "\n");
    }
}
