package org.junction.mappings.police;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junction.mappings.json.ObjectFields;
import org.junction.mappings.nhs.NhsNumber;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * Validates a {@code police-referral-json-v1} document by hand rather than by data binding, so
 * that each problem is reported against its own field and all of them are reported at once.
 */
final class PoliceReferralReader {

    static final int NARRATIVE_MAX_CHARS = 20_000;

    private static final String UNKNOWN = "is not part of " + PoliceReferralJsonMapper.ID;

    private static final Set<String> REFERRAL_TYPES =
            Set.of("PPN_DOMESTIC_ABUSE", "ADULT_AT_RISK", "CHILD_CONCERN", "MENTAL_HEALTH", "MISSING");
    private static final Set<String> REFERRAL_KINDS = Set.of("REFERRAL", "INFORMATION_ONLY");
    // The purposes of use a police referral may claim; override codes (OVR*) are the hub's
    // decision to record later, never the sender's.
    private static final Set<String> PURPOSES =
            Set.of("TREAT", "COC", "CAREMGT", "PATSFTY", "PUBHLTH", "THREAT", "SUPNWK");
    private static final Set<String> PRIORITIES = Set.of("routine", "urgent", "asap", "stat");
    private static final Set<String> GENDERS = Set.of("male", "female", "other", "unknown");
    private static final Set<String> CONCERNS = Set.of("DA", "MH", "SM", "ASB", "HOMELESS", "HIGH_DEMAND",
            "SELF_NEGLECT", "EXPLOITATION", "MISSING", "HATE", "FINANCIAL_ABUSE", "HBA_FM_FGM");
    private static final Set<String> RISK_GRADES = Set.of("STANDARD", "MEDIUM", "HIGH", "NOT_ASSESSED");
    private static final Set<String> CONSENT_STATUSES = Set.of("GIVEN", "REFUSED", "NOT_ASKED", "UNABLE", "NOT_SOUGHT_RISK");

    // Risk tools are open-ended (DASH, DARA, THRIVE, local ones), so only the shape of the code is checked.
    private static final Pattern RISK_TOOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private static final Set<String> TOP = Set.of("sourceRef", "incidentRef", "referralType", "referralKind", "purpose",
            "priority", "subject", "concerns", "risk", "narrative", "officer", "consent");
    private static final Set<String> SUBJECT = Set.of("name", "birthDate", "gender", "nhsNumber", "policeNominalId", "address");
    private static final Set<String> NAME = Set.of("given", "family");
    private static final Set<String> ADDRESS = Set.of("lines", "city", "postcode");
    private static final Set<String> RISK = Set.of("tool", "score", "grade");
    private static final Set<String> OFFICER = Set.of("name", "collarNumber", "station");
    private static final Set<String> CONSENT = Set.of("status", "recordedAt");

    private PoliceReferralReader() {
    }

    /**
     * @param today the date birth dates are checked against; the caller's clock, so a given
     *              input always gets the same verdict
     */
    static PoliceReferral read(JsonNode document, LocalDate today) {
        List<Violation> violations = new ArrayList<>();
        PoliceReferral referral = read(document, today, violations);
        if (!violations.isEmpty()) {
            throw new MappingException(violations);
        }
        return referral;
    }

    private static PoliceReferral read(JsonNode document, LocalDate today, List<Violation> violations) {
        ObjectFields top = ObjectFields.root(document, violations);
        if (top == null) {
            return null;
        }
        top.rejectUnknown(TOP, UNKNOWN);
        String sourceRef = top.requiredText("sourceRef");
        String incidentRef = top.optionalText("incidentRef");
        String referralType = top.requiredCode("referralType", REFERRAL_TYPES);
        String referralKind = top.optionalCode("referralKind", REFERRAL_KINDS, "REFERRAL");
        String purpose = top.requiredCode("purpose", PURPOSES);
        String priority = top.optionalCode("priority", PRIORITIES, "routine");
        PoliceReferral.Subject subject = subject(top.requiredObject("subject"), today);
        List<String> concerns = concerns(top);
        PoliceReferral.Risk risk = risk(top.requiredObject("risk"));
        String narrative = narrative(top);
        PoliceReferral.Officer officer = officer(top.requiredObject("officer"));
        PoliceReferral.Consent consent = consent(top.requiredObject("consent"));
        return new PoliceReferral(sourceRef, incidentRef, referralType, referralKind, purpose, priority, subject,
                concerns, risk, narrative, officer, consent);
    }

    private static PoliceReferral.Subject subject(ObjectFields subject, LocalDate today) {
        if (subject == null) {
            return null;
        }
        subject.rejectUnknown(SUBJECT, UNKNOWN);
        ObjectFields name = subject.requiredObject("name");
        List<String> given = null;
        String family = null;
        if (name != null) {
            name.rejectUnknown(NAME, UNKNOWN);
            given = name.requiredTextArray("given");
            family = name.requiredText("family");
        }
        LocalDate birthDate = subject.requiredDate("birthDate");
        if (birthDate != null && birthDate.isAfter(today)) {
            subject.rule(subject.path("birthDate"), "must not be in the future");
        }
        String gender = subject.optionalCode("gender", GENDERS, null);
        String nhsNumber = nhsNumber(subject);
        String policeNominalId = subject.optionalText("policeNominalId");
        PoliceReferral.Address address = address(subject.requiredObject("address"));
        return new PoliceReferral.Subject(given, family, birthDate, gender, nhsNumber, policeNominalId, address);
    }

    private static String nhsNumber(ObjectFields subject) {
        String value = subject.optionalText("nhsNumber");
        if (value == null) {
            return null;
        }
        if (!NhsNumber.isWellFormed(value)) {
            subject.malformed(subject.path("nhsNumber"), "must be 10 digits, optionally spaced 3 3 4");
            return null;
        }
        if (!NhsNumber.isValid(value)) {
            subject.rule(subject.path("nhsNumber"), "fails the NHS number Modulus 11 check");
            return null;
        }
        return NhsNumber.normalise(value);
    }

    private static PoliceReferral.Address address(ObjectFields address) {
        if (address == null) {
            return null;
        }
        address.rejectUnknown(ADDRESS, UNKNOWN);
        List<String> lines = address.requiredTextArray("lines");
        String city = address.optionalText("city");
        String postcode = address.requiredText("postcode");
        return new PoliceReferral.Address(lines, city, postcode);
    }

    private static List<String> concerns(ObjectFields top) {
        List<String> codes = top.requiredTextArray("concerns");
        if (codes == null) {
            return null;
        }
        for (int i = 0; i < codes.size(); i++) {
            if (!CONCERNS.contains(codes.get(i))) {
                top.rule(top.path("concerns", i), "is not a known code");
            }
        }
        // A repeated concern adds nothing; keeping the first occurrence keeps the sender's order.
        return List.copyOf(new LinkedHashSet<>(codes));
    }

    private static PoliceReferral.Risk risk(ObjectFields risk) {
        if (risk == null) {
            return null;
        }
        risk.rejectUnknown(RISK, UNKNOWN);
        String tool = risk.optionalText("tool");
        if (tool != null && !RISK_TOOL.matcher(tool).matches()) {
            risk.malformed(risk.path("tool"), "must be a code of letters, digits, '.', '_' or '-' (at most 64)");
        }
        Integer score = risk.optionalNonNegativeInt("score");
        String grade = risk.requiredCode("grade", RISK_GRADES);
        return new PoliceReferral.Risk(tool, score, grade);
    }

    private static String narrative(ObjectFields top) {
        String narrative = top.requiredText("narrative");
        if (narrative != null && narrative.codePointCount(0, narrative.length()) > NARRATIVE_MAX_CHARS) {
            top.rule(top.path("narrative"), "must be at most " + NARRATIVE_MAX_CHARS + " characters");
        }
        return narrative;
    }

    private static PoliceReferral.Officer officer(ObjectFields officer) {
        if (officer == null) {
            return null;
        }
        officer.rejectUnknown(OFFICER, UNKNOWN);
        return new PoliceReferral.Officer(officer.requiredText("name"), officer.requiredText("collarNumber"),
                officer.optionalText("station"));
    }

    private static PoliceReferral.Consent consent(ObjectFields consent) {
        if (consent == null) {
            return null;
        }
        consent.rejectUnknown(CONSENT, UNKNOWN);
        String status = consent.requiredCode("status", CONSENT_STATUSES);
        Instant recordedAt = consent.optionalInstant("recordedAt");
        PoliceReferral.Consent result = new PoliceReferral.Consent(status, recordedAt);
        if (result.isDecision() && consent.isAbsent("recordedAt")) {
            consent.malformed(consent.path("recordedAt"), "is required when status is GIVEN or REFUSED");
        }
        return result;
    }
}
