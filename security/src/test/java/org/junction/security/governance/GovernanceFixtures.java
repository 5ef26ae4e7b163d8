package org.junction.security.governance;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.junction.mappings.canonical.ReferralModel.Risk;
import org.junction.mappings.canonical.ReferralModel.Subject;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.governance.agreement.AgreementFile;
import org.junction.security.governance.agreement.AgreementProblem;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.Recipient;
import org.junction.security.governance.agreement.RecipientKind;

/** Synthetic data for the governance tests: invented people, NHS numbers in the 999 range. */
public final class GovernanceFixtures {

    public static final String SENDER = "police-north";
    public static final String SENDER_ORGANISATION = "northshire-police";
    public static final Recipient GP = new Recipient("gp-north", "north-gp", RecipientKind.HEALTH);
    public static final Recipient MASH = new Recipient("mash-north", "northshire-council", RecipientKind.MASH);
    public static final Recipient CRU = new Recipient("cru-north", "northshire-council", RecipientKind.COUNCIL);
    public static final Recipient VOLUNTEER = new Recipient("volunteer-north", "north-befrienders",
            RecipientKind.VOLUNTEER);
    /** A second council and practice, serving another area. */
    public static final Recipient CRU_SOUTH = new Recipient("cru-south", "southshire-council", RecipientKind.COUNCIL);
    public static final Recipient GP_SOUTH = new Recipient("gp-south", "south-gp", RecipientKind.HEALTH);

    public static final Map<String, String> PARTNER_ORGANISATIONS = Map.of(
            SENDER, SENDER_ORGANISATION, GP.partnerId(), GP.organisation(), MASH.partnerId(), MASH.organisation(),
            CRU.partnerId(), CRU.organisation(), VOLUNTEER.partnerId(), VOLUNTEER.organisation());

    public static final String NHS_NUMBER = "9990000018";
    public static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    public static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    private GovernanceFixtures() {
    }

    public static String sampleYaml() {
        try (var in = GovernanceFixtures.class.getResourceAsStream("/governance/agreements/north-safeguarding.yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Agreement agreement() {
        return agreement(sampleYaml());
    }

    public static Agreement agreement(String yaml) {
        List<AgreementProblem> problems = new ArrayList<>();
        Agreement agreement = AgreementFile.read(yaml, "agreements/north-safeguarding.yaml", PARTNER_ORGANISATIONS,
                problems);
        if (agreement == null) {
            throw new IllegalStateException(problems.toString());
        }
        return agreement;
    }

    /** Every party's approval of the agreement's own version. */
    public static Set<AgreementApproval> approvals(Agreement agreement) {
        Set<AgreementApproval> approvals = new java.util.HashSet<>();
        agreement.parties().forEach(p -> approvals.add(new AgreementApproval(agreement.id(), agreement.version(),
                p.organisation())));
        return approvals;
    }

    public static AgreementRegistry registry() {
        Agreement agreement = agreement();
        return new AgreementRegistry(List.of(agreement), approvals(agreement));
    }

    /**
     * One rich referral: a domestic abuse referral about an adult, with a child in the household,
     * an alleged perpetrator and a carer, contacts safe and unsafe, concerns of four kinds.
     */
    public static ReferralModel rich() {
        Subject subject = new Subject(
                List.of(new PersonIdentifier("https://fhir.nhs.uk/Id/nhs-number", NHS_NUMBER),
                        new PersonIdentifier("urn:junction:police-north:nominal", "NOM-000471")),
                "01",
                new Name(List.of("Avery", "Quinn"), "Testfield", List.of("Ava Field")),
                LocalDate.of(1984, 3, 14), false, "female",
                List.of(new Address("home", List.of("7 Imaginary Terrace"), "Northtown", "Northshire", "NX1 2AB",
                        "100000000471")),
                List.of(new Contact("phone", "07700 900471", true, "weekdays 09:00-12:00"),
                        new Contact("email", "avery@example.invalid", false, null)),
                "en", false, "prefers short written notes", "Y99901");
        List<RelatedPerson> related = List.of(
                new RelatedPerson("ALLEGED_PERPETRATOR", new Name(List.of("Morgan"), "Madeup", List.of()),
                        LocalDate.of(1981, 7, 2), "partner", true,
                        new Address("home", List.of("7 Imaginary Terrace"), "Northtown", null, "NX1 2AB", null)),
                new RelatedPerson("CHILD_IN_HOUSEHOLD", new Name(List.of("Robin"), "Testfield", List.of()),
                        LocalDate.of(2018, 9, 1), "child", false, null),
                new RelatedPerson("CARER", new Name(List.of("Sage"), "Inventson", List.of()),
                        LocalDate.of(1960, 1, 20), "mother", false, null));
        return new ReferralModel("PVP/2026/000471", "OEL-2026-0471", "PPN_DOMESTIC_ABUSE", "REFERRAL", "PATSFTY",
                "urgent", subject, related, List.of("DA", "MH", "SM", "FINANCIAL_ABUSE"),
                "Officers attended a reported argument; the subject disclosed repeated threats and money being taken.",
                Instant.parse("2026-05-31T21:30:00Z"), "Contact within 24 hours to offer support",
                new Risk("DASH", 14, "HIGH", false, null, true),
                new Professional("PC Rowan Example", "4471", "Response officer", "Northshire Constabulary",
                        "Public Protection Unit", "01632 960471", "pc4471@example.invalid"),
                new Professional("PS Sample Person", "5678", "Sergeant", "Northshire Constabulary",
                        "Public Protection Unit", null, null),
                new ConsentSummary("GIVEN", "agreed to support at the scene", Instant.parse("2026-05-31T22:10:00Z")),
                Classification.officialSensitivePersonal(), false,
                List.of(new NeedOrWish("NEED", "someone to talk to each week"),
                        new NeedOrWish("WHAT_MATTERS", "getting back to the allotment")));
    }

    /** The rich referral with another type and concerns. */
    public static ReferralModel rich(String referralType, List<String> concerns) {
        ReferralModel m = rich();
        return new ReferralModel(m.sourceRef(), m.incidentRef(), referralType, m.referralKind(), m.purpose(),
                m.priority(), m.subject(), m.relatedPersons(), concerns, m.narrative(), m.occurredAt(),
                m.requestedAction(), m.risk(), m.requester(), m.supervisor(), m.consent(), m.classification(),
                m.restrictedDisclosure(), m.needs());
    }

    public static ReferralModel withPurpose(ReferralModel m, String purpose) {
        return new ReferralModel(m.sourceRef(), m.incidentRef(), m.referralType(), m.referralKind(), purpose,
                m.priority(), m.subject(), m.relatedPersons(), m.concerns(), m.narrative(), m.occurredAt(),
                m.requestedAction(), m.risk(), m.requester(), m.supervisor(), m.consent(), m.classification(),
                m.restrictedDisclosure(), m.needs());
    }

    public static ReferralModel withSubject(ReferralModel m, Subject subject) {
        return new ReferralModel(m.sourceRef(), m.incidentRef(), m.referralType(), m.referralKind(), m.purpose(),
                m.priority(), subject, m.relatedPersons(), m.concerns(), m.narrative(), m.occurredAt(),
                m.requestedAction(), m.risk(), m.requester(), m.supervisor(), m.consent(), m.classification(),
                m.restrictedDisclosure(), m.needs());
    }
}
