package org.junction.mappings.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
import org.junction.mappings.fhir.JunctionSystems;

/** Synthetic canonical models for tests: one with every part filled, one with only what is required. */
public final class Models {

    private Models() {
    }

    /** Every field of the model set, including the ones no police v1 document carries. */
    public static ReferralModel full() {
        Subject subject = new Subject(
                List.of(new PersonIdentifier(JunctionSystems.NHS_NUMBER, "9990000026"),
                        new PersonIdentifier(JunctionSystems.policeNominal("test-police"), "N765432")),
                "01",
                new Name(List.of("Zoë", "Áine"), "Ní Bhriain", List.of("Zoe Brian", "Zo")),
                LocalDate.parse("1990-05-17"), true, "female",
                List.of(new Address("home", List.of("Flat 3", "12 Invented Row"), "Exampletown", "Westshire", "EX3 3CC",
                                "100000000001"),
                        new Address("temp", List.of("Refuge address withheld"), null, null, "EX9 9ZZ", null)),
                List.of(new Contact("phone", "07700 900123", true, "weekdays 10:00-12:00"),
                        new Contact("email", "zoe@example.invalid", false, null),
                        new Contact("sms", "07700 900456", null, null)),
                "ga", true, "prefers written follow-up", "A99999");
        List<RelatedPerson> related = List.of(
                new RelatedPerson("ALLEGED_PERPETRATOR", new Name(List.of("Łukasz"), "Wójcik", List.of("Luke W")),
                        LocalDate.parse("1988-01-02"), "ex-partner", true,
                        new Address("home", List.of("4 Nowhere Lane"), "Othertown", null, "EX5 5EE", null)),
                new RelatedPerson("CHILD_IN_HOUSEHOLD", new Name(List.of("Mia"), "Ní Bhriain", List.of()),
                        LocalDate.parse("2019-09-09"), "child", false, null),
                new RelatedPerson("CARER", null, null, null, null, null));
        return new ReferralModel("PVP/2026/009999", "OEL-2026-0999", "PPN_DOMESTIC_ABUSE", "REFERRAL", "PATSFTY",
                "urgent", subject, related, List.of("DA", "MH", "SM", "HBA_FM_FGM"),
                "Officers attended following a 999 call.", Instant.parse("2026-11-19T22:45:00Z"),
                "Assess for a safeguarding enquiry; contact within 24 hours",
                new Risk("DARA", 12, "HIGH", true, "threats to kill disclosed", true),
                new Professional("PC 1234 Example", "1234", "Response officer", "Test Constabulary", "Central",
                        "01632 960001", "pc1234@example.invalid"),
                new Professional("PS 42 Sample", "42", "Sergeant", "Test Constabulary", "Central", null, null),
                new ConsentSummary("GIVEN", null, Instant.parse("2026-11-19T23:10:00Z")),
                Classification.officialSensitivePersonal(), true,
                List.of(new NeedOrWish("NEED", "help with a safe place to stay"),
                        new NeedOrWish("WHAT_MATTERS", "keeping the children at their school")));
    }

    /** Only the required parts: no identifiers, no risk, no requester, consent not asked, OFFICIAL. */
    public static ReferralModel minimal() {
        Subject subject = new Subject(List.of(), null, new Name(List.of("Sam"), "Fictional", List.of()), null, false,
                null, List.of(), List.of(), null, false, null, null);
        return new ReferralModel(null, null, "ADULT_AT_RISK", "INFORMATION_ONLY", "COC", null, subject, List.of(),
                List.of(), null, null, null, null, null, null,
                new ConsentSummary("NOT_ASKED", "officer judged the subject too distressed", Instant.parse("2026-11-19T23:10:00Z")),
                new Classification("OFFICIAL", List.of()), false, List.of());
    }
}
