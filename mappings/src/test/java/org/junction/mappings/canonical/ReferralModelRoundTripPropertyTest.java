package org.junction.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.testing.Fixtures;

/** Any model, with any mix of parts present or absent, survives toBundle, JSON and model(). */
class ReferralModelRoundTripPropertyTest {

    @Property(tries = 60)
    void anyModelSurvivesBundleJsonAndBack(@ForAll("models") ReferralModel model) {
        String json = Fhir.toJson(ReferralBundles.toBundle(model, Fixtures.CONTEXT));

        assertThat(Referral.of(Fhir.parseBundle(json)).model()).isEqualTo(model);
    }

    @Provide
    Arbitrary<ReferralModel> models() {
        Arbitrary<Subject> subjects = Combinators.combine(
                identifiers(), Arbitraries.of("01", "02", "03", "number-present-and-verified").injectNull(0.3), names(),
                dates().injectNull(0.2), Arbitraries.of(true, false), Arbitraries.of("male", "female", "other", "unknown").injectNull(0.3),
                addresses().list().ofMaxSize(3), contacts().list().ofMaxSize(3))
                .as((ids, verification, name, birth, approx, gender, addresses, contacts) -> new Subject(ids,
                        ids.isEmpty() ? null : verification, name, birth, birth != null && approx, gender, addresses, contacts,
                        "pl", approx, null, "A12345"));
        Arbitrary<ReferralModel> first = Combinators.combine(
                text().injectNull(0.3), Arbitraries.of("PPN_DOMESTIC_ABUSE", "ADULT_AT_RISK", "HIGH_DEMAND"),
                Arbitraries.of("REFERRAL", "INFORMATION_ONLY"), Arbitraries.of("PATSFTY", "COC", "SUPNWK"),
                Arbitraries.of("routine", "urgent", "asap", "stat").injectNull(0.2), subjects,
                related().list().ofMaxSize(4),
                Arbitraries.of("DA", "MH", "SM", "ASB", "HOMELESS", "HBA_FM_FGM").list().uniqueElements().ofMaxSize(4))
                .as((ref, type, kind, purpose, priority, subject, related, concerns) -> new ReferralModel(ref, null, type, kind,
                        purpose, priority, subject, related, concerns, null, null, null, null, null, null,
                        new ConsentSummary("NOT_ASKED", null, null), Classification.officialSensitivePersonal(), false, List.of()));
        return Combinators.combine(first, text().injectNull(0.3), instants().injectNull(0.5), risks().injectNull(0.3),
                professionals().injectNull(0.3), professionals().injectNull(0.6), consents(), classifications())
                .as((m, narrative, occurred, risk, requester, supervisor, consent, classification) -> new ReferralModel(
                        m.sourceRef(), narrative == null ? null : "INC-" + narrative.length(), m.referralType(),
                        m.referralKind(), m.purpose(), m.priority(), m.subject(), m.relatedPersons(), m.concerns(),
                        narrative, occurred, narrative, risk, requester, supervisor, consent, classification,
                        occurred != null, narrative == null ? List.of() : List.of(new NeedOrWish("NEED", narrative),
                        new NeedOrWish("WHAT_MATTERS", "w " + narrative))));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().withChars("abcxyzÄëŁóíø -'").ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.isBlank() && s.strip().equals(s));
    }

    private static Arbitrary<LocalDate> dates() {
        return Arbitraries.integers().between(0, 30000).map(d -> LocalDate.of(1940, 1, 1).plusDays(d));
    }

    private static Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(1_600_000_000_000L, 1_900_000_000_000L).map(Instant::ofEpochMilli);
    }

    private static Arbitrary<List<PersonIdentifier>> identifiers() {
        return Arbitraries.of(
                List.of(),
                List.of(new PersonIdentifier(JunctionSystems.NHS_NUMBER, "9990000018")),
                List.of(new PersonIdentifier(JunctionSystems.policeNominal("p1"), "N1"),
                        new PersonIdentifier(JunctionSystems.NHS_NUMBER, "9990000034")));
    }

    private static Arbitrary<Name> names() {
        return Combinators.combine(text().list().ofMinSize(1).ofMaxSize(3), text().injectNull(0.1), text().list().ofMaxSize(2))
                .as(Name::new);
    }

    // With a postcode: an address with nothing in it at all is not an address, and FHIR drops it.
    private static Arbitrary<Address> addresses() {
        return Combinators.combine(Arbitraries.of("home", "temp", "old").injectNull(0.2), text().list().ofMaxSize(3),
                text().injectNull(0.5), text().injectNull(0.5), Arbitraries.of("EX1 1AA", "EX2 2BB"),
                Arbitraries.of("100000000001").injectNull(0.5))
                .as(Address::new);
    }

    private static Arbitrary<Contact> contacts() {
        return Combinators.combine(Arbitraries.of("phone", "email", "sms"), text(), Arbitraries.of(true, false).injectNull(0.3),
                text().injectNull(0.5)).as(Contact::new);
    }

    private static Arbitrary<RelatedPerson> related() {
        return Combinators.combine(Arbitraries.of("ALLEGED_PERPETRATOR", "CHILD_IN_HOUSEHOLD", "CARER", "OTHER"),
                names().injectNull(0.2), dates().injectNull(0.4), text().injectNull(0.4), Arbitraries.of(true, false).injectNull(0.4),
                addresses().injectNull(0.5)).as(RelatedPerson::new);
    }

    private static Arbitrary<Risk> risks() {
        return Combinators.combine(Arbitraries.of("DASH", "DARA").injectNull(0.3), Arbitraries.integers().between(0, 27).injectNull(0.3),
                Arbitraries.of("STANDARD", "MEDIUM", "HIGH", "NOT_ASSESSED"), Arbitraries.of(true, false),
                text().injectNull(0.5), Arbitraries.of(true, false).injectNull(0.4)).as(Risk::new);
    }

    private static Arbitrary<Professional> professionals() {
        return Combinators.combine(text().injectNull(0.2), text().injectNull(0.2), text().injectNull(0.5), text().injectNull(0.5),
                text().injectNull(0.5), text().injectNull(0.5), text().injectNull(0.5)).as(Professional::new);
    }

    private static Arbitrary<ConsentSummary> consents() {
        return Combinators.combine(Arbitraries.of("GIVEN", "REFUSED", "WITHDRAWN", "NOT_ASKED", "UNABLE", "NOT_SOUGHT_RISK"),
                text().injectNull(0.5), instants().injectNull(0.3)).as(ConsentSummary::new);
    }

    private static Arbitrary<Classification> classifications() {
        return Combinators.combine(Arbitraries.of("OFFICIAL", "OFFICIAL-SENSITIVE"),
                Arbitraries.of("PERSONAL", "COMMERCIAL", "LOCSEN").list().uniqueElements().ofMaxSize(2)).as(Classification::new);
    }
}
