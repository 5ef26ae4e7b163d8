package org.junction.security.governance.minimise;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.canonical.ReferralModel.Address;
import org.junction.mappings.canonical.ReferralModel.Classification;
import org.junction.mappings.canonical.ReferralModel.ConsentSummary;
import org.junction.mappings.canonical.ReferralModel.Contact;
import org.junction.mappings.canonical.ReferralModel.Name;
import org.junction.mappings.canonical.ReferralModel.PersonIdentifier;
import org.junction.mappings.canonical.ReferralModel.Professional;
import org.junction.mappings.canonical.ReferralModel.RelatedPerson;
import org.junction.mappings.canonical.ReferralModel.Subject;
import org.junction.mappings.labels.SecurityLabels;
import org.junction.security.governance.agreement.Flow;
import org.junction.security.governance.data.ConcernCategories;
import org.junction.security.governance.data.DataCategory;
import org.junction.security.governance.data.DataItem;

/**
 * Reduces a referral to what one recipient may receive (Caldicott principle 3): only the items
 * on the flow's allow-list, and of those only what holds no category the flow does not permit.
 * Everything is built up from nothing, item by item, so a field the catalogue does not name is
 * never copied across.
 *
 * <p>Children: when the subject is under 18 (or the referral is a child concern) every item about
 * the subject also holds CHILD data; a related person under 18 does too, whatever their role.
 */
public final class Minimiser {

    public static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
    private static final int ADULT = 18;
    private static final Pattern UK_POSTCODE = Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}");

    private final ReferralModel in;
    private final Set<DataItem> allowed;
    private final Set<DataCategory> permitted;
    private final LocalDate today;
    private final boolean childSubject;
    private final Set<DataItem> disclosed = EnumSet.noneOf(DataItem.class);
    private final Set<DataItem> withheld = EnumSet.noneOf(DataItem.class);
    private final Set<DataCategory> disclosedCategories = EnumSet.noneOf(DataCategory.class);
    private final Set<DataCategory> heldCategories = EnumSet.noneOf(DataCategory.class);

    private Minimiser(ReferralModel in, Set<DataItem> allowed, Set<DataCategory> permitted, LocalDate today) {
        this.in = in;
        this.allowed = allowed;
        this.permitted = permitted;
        this.today = today;
        this.childSubject = "CHILD_CONCERN".equals(in.referralType()) || under18(in.subject().birthDate());
    }

    /** Minimises to a flow: its allow-list and categories, and at least its protective marking. */
    public static Disclosure minimise(ReferralModel referral, Flow flow, LocalDate today) {
        Disclosure d = minimise(referral, flow.dataItems(), flow.dataCategories(), today);
        Classification raised = raise(d.referral().classification(), flow.classification());
        if (raised.equals(d.referral().classification())) {
            return d;
        }
        return new Disclosure(withClassification(d.referral(), raised), d.disclosedItems(), d.disclosedCategories(),
                d.withheldItems(), d.withheldCategories(), d.withheldConcerns(), d.related());
    }

    /**
     * @param allowed   the allow-list; {@link DataItem#REFERRAL_ENVELOPE} is always disclosed
     * @param permitted the categories the recipient may receive
     * @param today     the decision date, for who is a child
     */
    public static Disclosure minimise(ReferralModel referral, Set<DataItem> allowed, Set<DataCategory> permitted,
                                      LocalDate today) {
        Objects.requireNonNull(referral, "referral");
        Objects.requireNonNull(today, "today");
        return new Minimiser(referral, Set.copyOf(allowed), Set.copyOf(permitted), today).run();
    }

    private Disclosure run() {
        note(DataItem.REFERRAL_ENVELOPE, true, DataItem.REFERRAL_ENVELOPE.categories());
        Subject s = in.subject();

        List<PersonIdentifier> identifiers = new ArrayList<>();
        List<PersonIdentifier> nhs = s.identifiers().stream().filter(i -> NHS_NUMBER_SYSTEM.equals(i.system())).toList();
        List<PersonIdentifier> other = s.identifiers().stream().filter(i -> !NHS_NUMBER_SYSTEM.equals(i.system())).toList();
        boolean nhsOut = take(DataItem.SUBJECT_NHS_NUMBER, !nhs.isEmpty());
        if (nhsOut) {
            identifiers.addAll(nhs);
        }
        if (take(DataItem.SUBJECT_OTHER_IDENTIFIERS, !other.isEmpty())) {
            identifiers.addAll(other);
        }

        Name name = null;
        boolean nameOut = take(DataItem.SUBJECT_NAME, s.name() != null && (!s.name().given().isEmpty() || s.name().family() != null));
        boolean aliasesOut = take(DataItem.SUBJECT_ALIASES, s.name() != null && !s.name().aliases().isEmpty());
        if (nameOut || aliasesOut) {
            name = new Name(nameOut ? s.name().given() : List.of(), nameOut ? s.name().family() : null,
                    aliasesOut ? s.name().aliases() : List.of());
        }

        LocalDate birthDate = null;
        boolean approximate = false;
        if (s.birthDate() != null && takeIfAllowed(DataItem.SUBJECT_BIRTH_DATE)) {
            birthDate = s.birthDate();
            approximate = s.birthDateApproximate();
        } else if (take(DataItem.SUBJECT_BIRTH_YEAR, s.birthDate() != null)) {
            // The last day of the year (or today, for a baby born this year): an age computed from
            // it never exceeds the real one, so a minor never appears to be an adult.
            LocalDate yearEnd = LocalDate.of(s.birthDate().getYear(), 12, 31);
            birthDate = yearEnd.isAfter(today) ? today : yearEnd;
            approximate = true;
        }
        String gender = take(DataItem.SUBJECT_GENDER, s.gender() != null) ? s.gender() : null;

        List<Address> addresses = List.of();
        if (!s.addresses().isEmpty() && takeIfAllowed(DataItem.SUBJECT_ADDRESS)) {
            addresses = s.addresses();
        } else {
            String district = postcodeDistrict(s.addresses());
            if (take(DataItem.SUBJECT_POSTCODE_DISTRICT, district != null)) {
                addresses = List.of(new Address("home", List.of(), null, null, district, null));
            }
        }

        List<Contact> contacts = List.of();
        List<Contact> safe = s.contacts().stream().filter(c -> Boolean.TRUE.equals(c.safeToContact())).toList();
        if (!s.contacts().isEmpty() && takeIfAllowed(DataItem.SUBJECT_CONTACTS)) {
            contacts = s.contacts();
        } else if (take(DataItem.SUBJECT_SAFE_CONTACTS, !safe.isEmpty())) {
            contacts = safe;
        }

        boolean communication = take(DataItem.SUBJECT_COMMUNICATION,
                s.language() != null || s.interpreterRequired() || s.communicationNeeds() != null);
        String gp = take(DataItem.SUBJECT_GP_PRACTICE, s.gpOdsCode() != null) ? s.gpOdsCode() : null;

        Subject subject = new Subject(identifiers, nhsOut ? s.nhsNumberVerification() : null, name, birthDate,
                approximate, gender, addresses, contacts, communication ? s.language() : null,
                communication && s.interpreterRequired(), communication ? s.communicationNeeds() : null, gp);

        List<RelatedPerson> related = new ArrayList<>();
        List<Disclosure.RelatedAssessment> assessed = new ArrayList<>();
        for (int i = 0; i < in.relatedPersons().size(); i++) {
            RelatedPerson person = in.relatedPersons().get(i);
            DataItem item = DataItem.forRelatedRole(person.role());
            Set<DataCategory> categories = EnumSet.copyOf(item.categories());
            if (under18(person.birthDate())) {
                categories.add(DataCategory.CHILD);
            }
            boolean goes = note(item, allowed.contains(item) && permitted.containsAll(categories), categories);
            if (goes) {
                related.add(person);
            }
            assessed.add(new Disclosure.RelatedAssessment(i, person.role(), categories.contains(DataCategory.CHILD), goes));
        }

        // Each concern goes only if its own categories are permitted; the narrative and the risk
        // assessment speak of every concern, so they go only if all of them are.
        List<String> concerns = new ArrayList<>();
        List<String> droppedConcerns = new ArrayList<>();
        if (!in.concerns().isEmpty()) {
            boolean listed = allowed.contains(DataItem.CONCERNS);
            for (String concern : in.concerns()) {
                Set<DataCategory> categories = ConcernCategories.of(concern);
                if (note(DataItem.CONCERNS, listed && permitted.containsAll(categories), categories)) {
                    concerns.add(concern);
                } else {
                    droppedConcerns.add(concern);
                }
            }
        }
        String narrative = take(DataItem.NARRATIVE, in.narrative() != null) ? in.narrative() : null;
        var occurredAt = take(DataItem.OCCURRED_AT, in.occurredAt() != null) ? in.occurredAt() : null;
        String requestedAction = take(DataItem.REQUESTED_ACTION, in.requestedAction() != null) ? in.requestedAction() : null;
        var risk = take(DataItem.RISK, in.risk() != null) ? in.risk() : null;

        Professional requester = null;
        if (in.requester() != null && takeIfAllowed(DataItem.REQUESTER)) {
            requester = in.requester();
        } else if (take(DataItem.REQUESTER_ORGANISATION, in.requester() != null
                && (in.requester().organisation() != null || in.requester().team() != null))) {
            requester = new Professional(null, null, null, in.requester().organisation(), in.requester().team(), null, null);
        }
        Professional supervisor = take(DataItem.SUPERVISOR, in.supervisor() != null) ? in.supervisor() : null;

        ConsentSummary consent = in.consent();
        boolean consentDetail = take(DataItem.CONSENT_SUMMARY, consent.reason() != null || consent.recordedAt() != null);
        if (!consentDetail) {
            consent = new ConsentSummary(consent.status(), null, null);
        }
        boolean sourceRefs = take(DataItem.REFERRAL_SOURCE_REFERENCES, in.sourceRef() != null || in.incidentRef() != null);
        var needs = take(DataItem.NEEDS, !in.needs().isEmpty()) ? in.needs() : List.<ReferralModel.NeedOrWish>of();

        // The risk-to-life flag belongs to the envelope every recipient gets; whom the sender asked
        // for is routing, the hub's business only.
        ReferralModel out = new ReferralModel(sourceRefs ? in.sourceRef() : null, sourceRefs ? in.incidentRef() : null,
                in.referralType(), in.referralKind(), in.purpose(), in.priority(), subject, related, concerns, narrative,
                occurredAt, requestedAction, risk, requester, supervisor, consent, in.classification(),
                in.restrictedDisclosure(), needs, null, null, in.immediateRiskToLife());

        Set<DataCategory> withheldCategories = EnumSet.copyOf(heldCategories);
        withheldCategories.removeAll(disclosedCategories);
        return new Disclosure(out, disclosed, disclosedCategories, withheld, withheldCategories, droppedConcerns,
                assessed);
    }

    /** Whether a present item goes, noting it as disclosed or withheld. Absent items are not noted. */
    private boolean take(DataItem item, boolean present) {
        if (!present) {
            return false;
        }
        Set<DataCategory> categories = categories(item);
        return note(item, allowed.contains(item) && permitted.containsAll(categories), categories);
    }

    /**
     * For a present item with a reduced form: whether the full item goes. When it does not, it is
     * noted withheld, and a reduced form that goes is noted disclosed in its own name.
     */
    private boolean takeIfAllowed(DataItem item) {
        return take(item, true);
    }

    private boolean note(DataItem item, boolean goes, Set<DataCategory> categories) {
        heldCategories.addAll(categories);
        if (goes) {
            disclosed.add(item);
            disclosedCategories.addAll(categories);
        } else {
            withheld.add(item);
        }
        return goes;
    }

    private Set<DataCategory> categories(DataItem item) {
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        categories.addAll(item.categories());
        if (item.carriesConcerns()) {
            categories.addAll(ConcernCategories.of(in.concerns()));
        }
        if (item.aboutSubject() && childSubject) {
            categories.add(DataCategory.CHILD);
        }
        return categories;
    }

    private boolean under18(LocalDate birthDate) {
        return birthDate != null && !birthDate.isAfter(today) && Period.between(birthDate, today).getYears() < ADULT;
    }

    /** The outward code of the first current address with a well-formed UK postcode, or null. */
    public static String postcodeDistrict(List<Address> addresses) {
        List<Address> current = new ArrayList<>();
        addresses.stream().filter(a -> "home".equals(a.use())).forEach(current::add);
        addresses.stream().filter(a -> !"home".equals(a.use()) && !"old".equals(a.use())).forEach(current::add);
        for (Address address : current) {
            if (address.postcode() == null) {
                continue;
            }
            String compact = address.postcode().replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
            if (UK_POSTCODE.matcher(compact).matches()) {
                // The inward code is always a digit and two letters.
                return compact.substring(0, compact.length() - 3);
            }
        }
        return null;
    }

    private static Classification raise(Classification own, Classification floor) {
        boolean higher = SecurityLabels.OFFICIAL_SENSITIVE.equals(floor.marking())
                && !SecurityLabels.OFFICIAL_SENSITIVE.equals(own.marking());
        Set<String> descriptors = new LinkedHashSet<>(own.descriptors());
        descriptors.addAll(floor.descriptors());
        return new Classification(higher ? floor.marking() : own.marking(), List.copyOf(descriptors));
    }

    private static ReferralModel withClassification(ReferralModel m, Classification c) {
        return new ReferralModel(m.sourceRef(), m.incidentRef(), m.referralType(), m.referralKind(), m.purpose(),
                m.priority(), m.subject(), m.relatedPersons(), m.concerns(), m.narrative(), m.occurredAt(),
                m.requestedAction(), m.risk(), m.requester(), m.supervisor(), m.consent(), c, m.restrictedDisclosure(),
                m.needs(), m.requestedRecipientKind(), m.requestedRecipient(), m.immediateRiskToLife());
    }
}
