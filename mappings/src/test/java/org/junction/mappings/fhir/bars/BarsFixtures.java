package org.junction.mappings.fhir.bars;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.MappingContext;
import org.junction.mappings.RenderContext;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.canonical.ReferralModel.Address;
import org.junction.mappings.canonical.ReferralModel.ConsentSummary;
import org.junction.mappings.canonical.ReferralModel.Contact;
import org.junction.mappings.canonical.ReferralModel.Name;
import org.junction.mappings.canonical.ReferralModel.NeedOrWish;
import org.junction.mappings.canonical.ReferralModel.PersonIdentifier;
import org.junction.mappings.canonical.ReferralModel.Professional;
import org.junction.mappings.canonical.ReferralModel.RelatedPerson;
import org.junction.mappings.canonical.ReferralModel.Risk;
import org.junction.mappings.canonical.ReferralModel.Subject;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.testing.GoldenFiles;
import org.junction.mappings.testing.Models;

/** Contexts, case folders and hand-made models shared by the BaRS and feedback tests. */
final class BarsFixtures {

    /** Outbound cases: a canonical Bundle in, the BaRS message out. */
    static final String OUTBOUND = Bars.MAPPER_ID + "/outbound";
    /** Inbound cases: a partner's BaRS message in, the canonical Bundle (or violations) out. */
    static final String INBOUND = Bars.MAPPER_ID + "/inbound";

    static final String RECIPIENT = "gp-riverside-surgery";
    static final RenderContext RENDER = new RenderContext(RECIPIENT, Instant.parse("2026-11-21T09:30:00Z"));

    /** Context of canonical inputs built from hand-made models (a council sender). */
    static final MappingContext COUNCIL = new MappingContext(
            UUID.fromString("8b7c2d10-4e5f-4a6b-9c8d-2e3f4a5b6c7d"),
            "test-council",
            "req-0200",
            "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
            Instant.parse("2026-11-20T14:05:00Z"));

    /** Context of a health partner's message arriving at the hub. */
    static final MappingContext HOSPITAL = new MappingContext(
            UUID.fromString("c4d5e6f7-0819-4a2b-8c3d-4e5f60718293"),
            "test-hospital",
            "5e0c7a9e-2f51-4c1d-9a83-1b2c3d4e5f60",
            "7a6b5c4d-3e2f-4109-8a7b-6c5d4e3f2a10",
            Instant.parse("2026-11-22T08:15:00Z"));

    private BarsFixtures() {
    }

    static Path outbound(String caseName) {
        return GoldenFiles.dir(OUTBOUND).resolve(caseName);
    }

    static Bundle bundle(Path file) {
        return Fhir.parseBundle(new String(GoldenFiles.read(file), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@link Models#full()} with the subject's consent withdrawn: the hub cancels the referral at every recipient. */
    static ReferralModel withdrawn() {
        ReferralModel full = Models.full();
        return new ReferralModel(full.sourceRef(), full.incidentRef(), full.referralType(), full.referralKind(),
                full.purpose(), full.priority(), full.subject(), full.relatedPersons(), full.concerns(),
                full.narrative(), full.occurredAt(), full.requestedAction(), full.risk(), full.requester(),
                full.supervisor(),
                new ConsentSummary("WITHDRAWN", "subject withdrew consent by phone", Instant.parse("2026-11-20T13:40:00Z")),
                full.classification(), full.restrictedDisclosure(), full.needs());
    }

    /** Every free-text field at a generous maximum, lists long, names with combining and non-Latin letters. */
    static ReferralModel maximumSizes() {
        String narrative = repeat("The subject described a long history of incidents; ", 4000);
        List<RelatedPerson> related = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            related.add(new RelatedPerson(i == 0 ? "ALLEGED_PERPETRATOR" : "CHILD_IN_HOUSEHOLD",
                    new Name(List.of(repeat("Ŷ", 35)), repeat("Øñé", 35), List.of()),
                    java.time.LocalDate.parse("2015-01-0" + (i + 1)), i == 0 ? "partner" : "child", i % 2 == 0,
                    null));
        }
        Subject subject = new Subject(
                List.of(new PersonIdentifier(JunctionSystems.NHS_NUMBER, "9990000158")),
                "02",
                new Name(List.of(repeat("Ævar", 35), "Þór"), repeat("Ní Bhriain-Wójcik", 35), List.of(repeat("A", 35))),
                java.time.LocalDate.parse("1975-12-31"), false, "other",
                List.of(new Address("home", List.of(repeat("1", 35), repeat("Long Street ", 35), repeat("Area ", 35)),
                        repeat("Town", 35), repeat("County", 35), "EX1 1AA", "999999999999")),
                List.of(new Contact("phone", "07700 900999", true, repeat("after 6pm ", 200))),
                "pl", true, repeat("needs large print; ", 500), "Y99999");
        return new ReferralModel(repeat("R", 64), repeat("I", 64), "ADULT_AT_RISK", "REFERRAL", "PATSFTY", "stat",
                subject, related, List.of("SELF_NEGLECT", "FINANCIAL_ABUSE", "MH", "SM", "HOMELESS", "EXPLOITATION"),
                narrative, Instant.parse("2026-11-18T01:02:03.456Z"), repeat("Please assess. ", 300),
                new Risk("LOCAL", 999, "MEDIUM", false, null, false),
                new Professional(repeat("Officer ", 20), "9999", repeat("Role ", 20), repeat("Org ", 20),
                        repeat("Team ", 20), "01632 960999", "officer@example.invalid"),
                null,
                new ConsentSummary("NOT_SOUGHT_RISK", repeat("seeking consent would put the subject at risk; ", 40), null),
                ReferralModel.Classification.officialSensitivePersonal(), false,
                List.of(new NeedOrWish("NEED", repeat("n", 2000)), new NeedOrWish("WHAT_MATTERS", repeat("w", 2000))));
    }

    private static String repeat(String unit, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(unit);
        }
        return text.substring(0, length).strip();
    }
}
