package org.junction.security.governance.agreement;

import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junction.mappings.canonical.ReferralModel.Classification;
import org.junction.mappings.labels.SecurityLabels;
import org.junction.security.governance.data.DataCategory;
import org.junction.security.governance.data.DataItem;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one agreement file, {@code agreements/<id>.yaml}:
 * <pre>
 * id: demo-police-gp              # must match the file name
 * version: 1                      # a change is a new version, approved again by every party
 * status: ACTIVE                  # DRAFT, ACTIVE, SUSPENDED, EXPIRED, TERMINATED
 * title: Police referrals to the demo GP practice
 * owner: {organisation: police-demo, role: Force Data Protection Officer}
 * parties:
 *   - {organisation: police-demo, name: Demoshire Constabulary, role: CONTROLLER, regime: PART3}
 *   - {organisation: gp-demo, name: Demoton Medical Practice, role: CONTROLLER, regime: UKGDPR}
 * effective-from: 2026-01-01      # first day in force
 * review-date: 2026-07-01
 * expires: 2027-01-01             # first day no longer in force
 * flows:
 *   - id: police-to-gp
 *     from: police-demo           # sending partner id
 *     to: gp-demo                 # receiving partner id, or instead to-kind: MASH (resolved by area)
 *     purposes: [PATSFTY]
 *     referral-types: [ADULT_AT_RISK]
 *     data-items: [referral.envelope, subject.nhs-number, subject.name, ...]
 *     data-categories: [REFERRAL, IDENTITY, CONTACT, ...]
 *     lawful-basis:
 *       art6: 6(1)(e)
 *       art9: 9(2)(g)+DPA2018-Sch1-para18          # required when a category is special category data
 *       art10: DPA2018-Sch1-para36                  # required when CRIMINAL_ALLEGATION is allowed
 *       part3: DPA2018-s35+Sch8-para4               # required when the sender's party is PART3
 *       statutory-gateways: [CA2004-s11]            # required when consent-rule is NEVER
 *       common-law: OVERRIDING_PUBLIC_INTEREST      # CONSENT, OVERRIDING_PUBLIC_INTEREST, STATUTE, LEGAL_REQUIREMENT
 *     consent-rule: UNLESS_OVERRIDE # ALWAYS, UNLESS_OVERRIDE, NEVER
 *     override-allowed: true        # true exactly when the rule is UNLESS_OVERRIDE (default)
 *     non-consensual-sharing-allowed: false  # non-statutory recipient without consent (default false)
 *     vital-interests: {allowed: true, retrospective-record-within: PT24H}
 *     decision-makers:              # needed for overrides and vital-interests records
 *       - {organisation: police-demo, title: Duty Inspector}
 *     maximum-decision-wait: PT4H
 *     classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
 *     retention: {recipient: P6Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
 * reverse-flows:
 *   - {flow: police-to-gp, feedback: STATUS_ONLY}   # or FREE_TEXT
 * </pre>
 * Every problem is collected, each with the file, the agreement id and the key. Reasons never
 * quote a value from the file: titles and justifications are free text an author may fill with
 * anything.
 */
public final class AgreementFile {

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,31}");
    private static final Pattern ART6 = Pattern.compile("6\\(1\\)\\((a|b|c|d|e|ea|f)\\)\\S*");
    private static final Pattern LEGAL_CODE = Pattern.compile("[A-Za-z0-9()+.:/_-]{2,120}");
    private static final Pattern KEY = Pattern.compile("[a-z0-9-]{1,40}");
    private static final int MAX_TEXT = 300;

    /** The referral types of the canonical model. */
    public static final Set<String> REFERRAL_TYPES = Set.of("PPN_DOMESTIC_ABUSE", "ADULT_AT_RISK", "CHILD_CONCERN",
            "MENTAL_HEALTH", "MISSING", "SUBSTANCE_MISUSE", "ASB", "HOMELESSNESS", "HIGH_DEMAND", "EARLY_HELP",
            "COMMUNITY_STEPDOWN");

    private static final Set<String> TOP_KEYS = Set.of("id", "version", "status", "title", "owner", "parties",
            "effective-from", "review-date", "expires", "flows", "reverse-flows");
    private static final Set<String> OWNER_KEYS = Set.of("organisation", "role");
    private static final Set<String> PARTY_KEYS = Set.of("organisation", "name", "role", "regime");
    private static final Set<String> FLOW_KEYS = Set.of("id", "from", "to", "to-kind", "purposes", "referral-types",
            "data-items", "data-categories", "lawful-basis", "consent-rule", "override-allowed",
            "non-consensual-sharing-allowed", "vital-interests", "decision-makers", "maximum-decision-wait",
            "classification", "retention");
    private static final Set<String> BASIS_KEYS = Set.of("art6", "art9", "art10", "part3", "statutory-gateways",
            "common-law");
    private static final Set<String> VITAL_KEYS = Set.of("allowed", "retrospective-record-within");
    private static final Set<String> DECIDER_KEYS = Set.of("organisation", "title");
    private static final Set<String> CLASSIFICATION_KEYS = Set.of("marking", "descriptors");
    private static final Set<String> RETENTION_KEYS = Set.of("recipient", "hub-transit", "audit-log", "disposal");
    private static final Set<String> REVERSE_KEYS = Set.of("flow", "feedback");

    private final String file;
    private final List<AgreementProblem> problems;
    private final Map<String, String> partnerOrganisations;
    private final Set<String> declaredFlowIds = new HashSet<>();
    private String agreementId;
    private int found;

    private AgreementFile(String file, Map<String, String> partnerOrganisations, List<AgreementProblem> problems) {
        this.file = file;
        this.partnerOrganisations = partnerOrganisations;
        this.problems = problems;
    }

    /**
     * Reads one agreement file.
     *
     * @param file                 the file name relative to the configuration directory, e.g. {@code agreements/x.yaml}
     * @param partnerOrganisations configured partner id to organisation id, to check that flows name
     *                             configured partners belonging to parties; null to skip those checks
     * @param problems             where every problem found is added
     * @return the agreement, or null when the file has any problem
     */
    public static Agreement read(String yaml, String file, Map<String, String> partnerOrganisations,
                                 List<AgreementProblem> problems) {
        return new AgreementFile(file, partnerOrganisations, problems).read(yaml);
    }

    private Agreement read(String yaml) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            root = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                    options, new NoTimestamps()).load(yaml);
        } catch (YAMLException e) {
            // The parser's message quotes the offending line.
            problem(null, "not valid YAML");
            return null;
        }
        if (!(root instanceof Map<?, ?> top)) {
            problem(null, "expected a mapping with id, version, status, parties, dates and flows");
            return null;
        }
        Object idValue = top.get("id");
        if (idValue instanceof String id && ID.matcher(id).matches()) {
            agreementId = id;
            String base = file.substring(file.lastIndexOf('/') + 1);
            if (base.endsWith(".yaml") && !base.equals(id + ".yaml")) {
                problem("id", "must match the file name (<id>.yaml)");
            }
        } else {
            problem("id", "required: lower-case letters, digits and hyphens, 2 to 63 characters");
        }
        unknownKeys(top, TOP_KEYS, "");
        Integer version = positive(top, "version", "");
        AgreementStatus status = enumValue(top, "status", "", AgreementStatus.class, true);
        String title = text(top, "title", "", true);
        Owner owner = owner(top.get("owner"));
        List<Party> parties = parties(top.get("parties"));
        LocalDate effectiveFrom = date(top, "effective-from");
        LocalDate reviewDate = date(top, "review-date");
        LocalDate expires = date(top, "expires");
        if (effectiveFrom != null && expires != null && !effectiveFrom.isBefore(expires)) {
            problem("expires", "must be after effective-from");
        }
        if (reviewDate != null && expires != null && reviewDate.isAfter(expires)) {
            problem("review-date", "must not be after expires");
        }
        if (reviewDate != null && effectiveFrom != null && reviewDate.isBefore(effectiveFrom)) {
            problem("review-date", "must not be before effective-from");
        }
        List<Flow> flows = flows(top.get("flows"), parties);
        List<ReverseFlow> reverse = reverseFlows(top.get("reverse-flows"), flows);
        if (owner != null && parties.stream().noneMatch(p -> p.organisation().equals(owner.organisation()))) {
            problem("owner.organisation", "must be one of the parties");
        }
        if (found > 0) {
            return null;
        }
        return new Agreement(agreementId, version, status, title, owner, parties, effectiveFrom, reviewDate, expires,
                flows, reverse);
    }

    private Owner owner(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            problem("owner", "required: a mapping with organisation and role");
            return null;
        }
        unknownKeys(map, OWNER_KEYS, "owner.");
        String organisation = organisation(map, "owner.");
        String role = text(map, "role", "owner.", true);
        return organisation == null || role == null ? null : new Owner(organisation, role);
    }

    private List<Party> parties(Object value) {
        List<Party> parties = new ArrayList<>();
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problem("parties", "required: a non-empty list of parties");
            return parties;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "parties[" + i + "].";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                problem("parties[" + i + "]", "expected a mapping with organisation, name, role and regime");
                continue;
            }
            unknownKeys(map, PARTY_KEYS, at);
            String organisation = organisation(map, at);
            String name = text(map, "name", at, true);
            Party.Role role = enumValue(map, "role", at, Party.Role.class, true);
            Party.Regime regime = enumValue(map, "regime", at, Party.Regime.class, true);
            if (organisation != null && !seen.add(organisation)) {
                problem(at + "organisation", "listed twice");
            } else if (organisation != null && name != null && role != null && regime != null) {
                parties.add(new Party(organisation, name, role, regime));
            }
        }
        return parties;
    }

    private List<Flow> flows(Object value, List<Party> parties) {
        List<Flow> flows = new ArrayList<>();
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problem("flows", "required: a non-empty list of flows");
            return flows;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "flows[" + i + "].";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                problem("flows[" + i + "]", "expected a mapping");
                continue;
            }
            Flow flow = flow(map, at, parties);
            if (flow != null && !ids.add(flow.id())) {
                problem(at + "id", "another flow has the same id");
            } else if (flow != null) {
                flows.add(flow);
            }
        }
        return flows;
    }

    private Flow flow(Map<?, ?> map, String at, List<Party> parties) {
        int before = found;
        unknownKeys(map, FLOW_KEYS, at);
        String id = text(map, "id", at, true);
        if (id != null && !ID.matcher(id).matches()) {
            problem(at + "id", "lower-case letters, digits and hyphens, 2 to 63 characters");
            id = null;
        }
        if (id != null) {
            // Reverse flows are checked against every declared flow, so one broken flow is one problem.
            declaredFlowIds.add(id);
        }
        String from = partner(map, "from", at, parties, true);
        String toPartner = map.containsKey("to") ? partner(map, "to", at, parties, true) : null;
        RecipientKind toKind = enumValue(map, "to-kind", at, RecipientKind.class, false);
        if (map.containsKey("to") == map.containsKey("to-kind")) {
            problem(at + "to", "exactly one of to (a partner id) and to-kind (" + names(RecipientKind.class) + ")");
        }
        Set<String> purposes = codes(map, "purposes", at, null);
        Set<String> referralTypes = codes(map, "referral-types", at, REFERRAL_TYPES);
        Set<DataCategory> categories = categories(map, at);
        Set<DataItem> items = items(map, at, categories);
        ConsentRule rule = enumValue(map, "consent-rule", at, ConsentRule.class, true);
        boolean override = bool(map, "override-allowed", at, rule == ConsentRule.UNLESS_OVERRIDE);
        if (rule != null && override != (rule == ConsentRule.UNLESS_OVERRIDE)) {
            problem(at + "override-allowed", "must be true exactly when consent-rule is UNLESS_OVERRIDE");
        }
        boolean nonConsensual = bool(map, "non-consensual-sharing-allowed", at, false);
        boolean vital = false;
        Duration within = null;
        Object vitalValue = map.get("vital-interests");
        if (vitalValue instanceof Map<?, ?> v) {
            unknownKeys(v, VITAL_KEYS, at + "vital-interests.");
            vital = bool(v, "allowed", at + "vital-interests.", false);
            within = duration(v, "retrospective-record-within", at + "vital-interests.", vital);
            if (!vital && within != null) {
                within = null;
            }
        } else if (vitalValue != null) {
            problem(at + "vital-interests", "expected a mapping with allowed and retrospective-record-within");
        }
        List<DecisionMakerRole> deciders = decisionMakers(map.get("decision-makers"), at, parties);
        if ((override || vital) && deciders.isEmpty()) {
            problem(at + "decision-makers", "required when override or vital interests is allowed");
        }
        Duration wait = duration(map, "maximum-decision-wait", at, true);
        Classification classification = classification(map.get("classification"), at);
        Retention retention = retention(map.get("retention"), at);
        LawfulBasis basis = lawfulBasis(map.get("lawful-basis"), at, categories, rule, from, parties);
        if (rule == ConsentRule.NEVER && toKind != null && !toKind.statutory()) {
            problem(at + "consent-rule", "NEVER (statutory duty) cannot apply to a non-statutory recipient");
        }
        if (found > before) {
            return null;
        }
        return new Flow(id, from, toPartner, toKind, purposes, referralTypes, items, categories, basis, rule,
                override, vital, within, nonConsensual, deciders, wait, classification, retention);
    }

    private Set<DataCategory> categories(Map<?, ?> map, String at) {
        List<String> values = list(map, "data-categories", at);
        if (values == null) {
            return null;
        }
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        boolean ok = true;
        for (int i = 0; i < values.size(); i++) {
            DataCategory category = parse(DataCategory.class, values.get(i));
            if (category == null || !category.permittable()) {
                problem(at + "data-categories[" + i + "]", "unknown data category (expected one of "
                        + EnumSet.allOf(DataCategory.class).stream().filter(DataCategory::permittable).toList() + ")");
                ok = false;
            } else {
                categories.add(category);
            }
        }
        if (ok && !categories.contains(DataCategory.REFERRAL)) {
            // Every disclosure carries the envelope (type, purpose, marking, consent status).
            problem(at + "data-categories", "must include REFERRAL: every referral sent carries its envelope");
            ok = false;
        }
        return ok ? categories : null;
    }

    private Set<DataItem> items(Map<?, ?> map, String at, Set<DataCategory> categories) {
        List<String> values = list(map, "data-items", at);
        if (values == null) {
            return null;
        }
        Set<DataItem> items = EnumSet.noneOf(DataItem.class);
        boolean ok = true;
        for (int i = 0; i < values.size(); i++) {
            DataItem item = DataItem.byKey(values.get(i)).orElse(null);
            if (item == null) {
                problem(at + "data-items[" + i + "]", "unknown data item (see the data item catalogue)");
                ok = false;
                continue;
            }
            if (categories != null && !categories.containsAll(item.categories())) {
                Set<DataCategory> missing = EnumSet.copyOf(item.categories());
                missing.removeAll(categories);
                problem(at + "data-items[" + i + "]", "holds categories the flow does not allow, so it would never be sent: "
                        + missing);
                ok = false;
            }
            items.add(item);
        }
        return ok ? items : null;
    }

    private LawfulBasis lawfulBasis(Object value, String at, Set<DataCategory> categories, ConsentRule rule,
                                    String from, List<Party> parties) {
        String prefix = at + "lawful-basis.";
        if (!(value instanceof Map<?, ?> map)) {
            problem(at + "lawful-basis", "required: a mapping with art6 and common-law at least");
            return null;
        }
        unknownKeys(map, BASIS_KEYS, prefix);
        int before = found;
        String art6 = text(map, "art6", prefix, true);
        if (art6 != null && !ART6.matcher(art6).matches()) {
            problem(prefix + "art6", "an Art 6 code such as 6(1)(e)");
        }
        String art9 = legalCode(map, "art9", prefix);
        String art10 = legalCode(map, "art10", prefix);
        String part3 = legalCode(map, "part3", prefix);
        List<String> gateways = new ArrayList<>();
        List<String> listed = map.containsKey("statutory-gateways") ? list(map, "statutory-gateways", prefix) : List.of();
        if (listed != null) {
            for (int i = 0; i < listed.size(); i++) {
                if (LEGAL_CODE.matcher(listed.get(i)).matches()) {
                    gateways.add(listed.get(i));
                } else {
                    problem(prefix + "statutory-gateways[" + i + "]", "a code without spaces, such as CA2004-s11");
                }
            }
        }
        LawfulBasis.CommonLaw commonLaw = enumValue(map, "common-law", prefix, LawfulBasis.CommonLaw.class, true);
        if (categories != null && categories.stream().anyMatch(DataCategory::specialCategory) && art9 == null) {
            problem(prefix + "art9", "required: the flow allows special category data");
        }
        if (categories != null && categories.stream().anyMatch(DataCategory::criminalOffence) && art10 == null) {
            problem(prefix + "art10", "required: the flow allows criminal offence data");
        }
        if (rule == ConsentRule.NEVER && gateways.isEmpty()) {
            problem(prefix + "statutory-gateways", "required: consent-rule NEVER rests on a statutory duty");
        }
        if (from != null && part3 == null && partnerOrganisations != null) {
            String organisation = partnerOrganisations.get(from);
            boolean part3Sender = parties.stream()
                    .anyMatch(p -> p.organisation().equals(organisation) && p.regime() == Party.Regime.PART3);
            if (part3Sender) {
                problem(prefix + "part3", "required: the sender's party processes under DPA 2018 Part 3");
            }
        }
        if (found > before) {
            return null;
        }
        return new LawfulBasis(art6, art9, art10, part3, gateways, commonLaw);
    }

    private List<DecisionMakerRole> decisionMakers(Object value, String at, List<Party> parties) {
        List<DecisionMakerRole> roles = new ArrayList<>();
        if (value == null) {
            return roles;
        }
        if (!(value instanceof List<?> list)) {
            problem(at + "decision-makers", "expected a list of {organisation, title}");
            return roles;
        }
        for (int i = 0; i < list.size(); i++) {
            String prefix = at + "decision-makers[" + i + "].";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                problem(at + "decision-makers[" + i + "]", "expected a mapping with organisation and title");
                continue;
            }
            unknownKeys(map, DECIDER_KEYS, prefix);
            String organisation = organisation(map, prefix);
            if (organisation != null && parties.stream().noneMatch(p -> p.organisation().equals(organisation))) {
                problem(prefix + "organisation", "not one of the parties");
            }
            String title = text(map, "title", prefix, true);
            if (organisation != null && title != null) {
                roles.add(new DecisionMakerRole(organisation, title));
            }
        }
        return roles;
    }

    private Classification classification(Object value, String at) {
        String prefix = at + "classification.";
        if (!(value instanceof Map<?, ?> map)) {
            problem(at + "classification", "required: a mapping with marking and descriptors");
            return null;
        }
        unknownKeys(map, CLASSIFICATION_KEYS, prefix);
        String marking = text(map, "marking", prefix, true);
        if (marking != null && !SecurityLabels.isMarking(marking)) {
            problem(prefix + "marking", "OFFICIAL or OFFICIAL-SENSITIVE");
            marking = null;
        }
        List<String> descriptors = map.containsKey("descriptors") ? list(map, "descriptors", prefix) : List.of();
        return marking == null || descriptors == null ? null : new Classification(marking, descriptors);
    }

    private Retention retention(Object value, String at) {
        String prefix = at + "retention.";
        if (!(value instanceof Map<?, ?> map)) {
            problem(at + "retention", "required: a mapping with recipient, hub-transit, audit-log and disposal");
            return null;
        }
        unknownKeys(map, RETENTION_KEYS, prefix);
        Period recipient = period(map, "recipient", prefix);
        Period transit = period(map, "hub-transit", prefix);
        Period audit = period(map, "audit-log", prefix);
        String disposal = text(map, "disposal", prefix, true);
        return recipient == null || transit == null || audit == null || disposal == null
                ? null : new Retention(recipient, transit, audit, disposal);
    }

    private List<ReverseFlow> reverseFlows(Object value, List<Flow> flows) {
        List<ReverseFlow> reverse = new ArrayList<>();
        if (value == null) {
            return reverse;
        }
        if (!(value instanceof List<?> list)) {
            problem("reverse-flows", "expected a list of {flow, feedback}");
            return reverse;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String prefix = "reverse-flows[" + i + "].";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                problem("reverse-flows[" + i + "]", "expected a mapping with flow and feedback");
                continue;
            }
            unknownKeys(map, REVERSE_KEYS, prefix);
            String flow = text(map, "flow", prefix, true);
            ReverseFlow.Feedback feedback = enumValue(map, "feedback", prefix, ReverseFlow.Feedback.class, true);
            if (flow != null && !declaredFlowIds.contains(flow)) {
                problem(prefix + "flow", "names no flow of this agreement");
            } else if (flow != null && !seen.add(flow)) {
                problem(prefix + "flow", "another reverse flow names the same flow");
            } else if (flow != null && feedback != null) {
                reverse.add(new ReverseFlow(flow, feedback));
            }
        }
        return reverse;
    }

    private String partner(Map<?, ?> map, String key, String at, List<Party> parties, boolean required) {
        String id = text(map, key, at, required);
        if (id == null) {
            return null;
        }
        if (!ID.matcher(id).matches()) {
            problem(at + key, "a partner id: lower-case letters, digits and hyphens");
            return null;
        }
        if (partnerOrganisations != null) {
            String organisation = partnerOrganisations.get(id);
            if (organisation == null) {
                problem(at + key, "no partner with this id is configured");
                return null;
            }
            if (parties.stream().noneMatch(p -> p.organisation().equals(organisation))) {
                problem(at + key, "the partner's organisation is not a party to the agreement");
                return null;
            }
        }
        return id;
    }

    private String organisation(Map<?, ?> map, String prefix) {
        String organisation = text(map, "organisation", prefix, true);
        if (organisation != null && !ID.matcher(organisation).matches()) {
            problem(prefix + "organisation", "an organisation id: lower-case letters, digits and hyphens");
            return null;
        }
        return organisation;
    }

    private Set<String> codes(Map<?, ?> map, String key, String at, Set<String> allowed) {
        List<String> values = list(map, key, at);
        if (values == null) {
            return null;
        }
        Set<String> codes = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < values.size(); i++) {
            String code = values.get(i);
            if (allowed != null ? !allowed.contains(code) : !CODE.matcher(code).matches()) {
                problem(at + key + "[" + i + "]", allowed != null
                        ? "unknown value (expected one of " + new TreeSet<>(allowed) + ")"
                        : "an upper-case code such as PATSFTY");
                ok = false;
            } else {
                codes.add(code);
            }
        }
        return ok ? codes : null;
    }

    /** A required non-empty list of single values. */
    private List<String> list(Map<?, ?> map, String key, String at) {
        Object value = map.get(key);
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problem(at + key, value == null ? "required: a non-empty list" : "expected a non-empty list");
            return null;
        }
        List<String> values = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
                problem(at + key + "[" + i + "]", "expected a single value");
                ok = false;
            } else {
                values.add(String.valueOf(item).strip());
            }
        }
        return ok ? values : null;
    }

    private String legalCode(Map<?, ?> map, String key, String prefix) {
        String code = text(map, key, prefix, false);
        if (code != null && !LEGAL_CODE.matcher(code).matches()) {
            problem(prefix + key, "a code without spaces");
            return null;
        }
        return code;
    }

    private Integer positive(Map<?, ?> map, String key, String prefix) {
        Object value = map.get(key);
        if (value instanceof Integer n && n > 0) {
            return n;
        }
        problem(prefix + key, value == null ? "required: a positive whole number" : "expected a positive whole number");
        return null;
    }

    private boolean bool(Map<?, ?> map, String key, String prefix, boolean otherwise) {
        Object value = map.get(key);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        problem(prefix + key, "expected true or false");
        return otherwise;
    }

    private LocalDate date(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            problem(key, "required: a date (yyyy-mm-dd)");
            return null;
        }
        try {
            return LocalDate.parse(String.valueOf(value).strip());
        } catch (DateTimeParseException e) {
            problem(key, "not a date (yyyy-mm-dd)");
            return null;
        }
    }

    private Duration duration(Map<?, ?> map, String key, String prefix, boolean required) {
        String text = text(map, key, prefix, required);
        if (text == null) {
            return null;
        }
        try {
            Duration duration = Duration.parse(text);
            if (!duration.isNegative() && !duration.isZero()) {
                return duration;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problem(prefix + key, "a positive ISO-8601 duration such as PT4H or P2D");
        return null;
    }

    private Period period(Map<?, ?> map, String key, String prefix) {
        String text = text(map, key, prefix, true);
        if (text == null) {
            return null;
        }
        try {
            Period period = Period.parse(text);
            if (!period.isNegative() && !period.isZero()) {
                return period;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problem(prefix + key, "a positive ISO-8601 period such as P30D or P6Y");
        return null;
    }

    private <E extends Enum<E>> E enumValue(Map<?, ?> map, String key, String prefix, Class<E> type, boolean required) {
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                problem(prefix + key, "required: one of " + names(type));
            }
            return null;
        }
        E parsed = value instanceof Map<?, ?> || value instanceof List<?> ? null : parse(type, String.valueOf(value));
        if (parsed == null) {
            problem(prefix + key, "unknown value (expected one of " + names(type) + ")");
        }
        return parsed;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String text) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <E extends Enum<E>> List<String> names(Class<E> type) {
        return EnumSet.allOf(type).stream().map(Enum::name).toList();
    }

    private String text(Map<?, ?> map, String key, String prefix, boolean required) {
        Object value = map.get(key);
        if (value == null) {
            if (required) {
                problem(prefix + key, "required");
            }
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            problem(prefix + key, "expected a single value");
            return null;
        }
        String text = String.valueOf(value).strip();
        if (text.isEmpty()) {
            if (required) {
                problem(prefix + key, "required");
            }
            return null;
        }
        if (text.length() > MAX_TEXT) {
            problem(prefix + key, "longer than " + MAX_TEXT + " characters");
            return null;
        }
        return text;
    }

    private void unknownKeys(Map<?, ?> map, Set<String> known, String prefix) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                // A misspelt field name is safe to echo; anything else in key position might be a value.
                String shown = KEY.matcher(String.valueOf(key)).matches() ? String.valueOf(key) : "(unnamed)";
                problem(prefix + shown, "unknown key (expected one of " + new TreeSet<>(known) + ")");
            }
        }
    }

    /**
     * Dates stay text: SnakeYAML's timestamps are lenient (2026-02-30 becomes 2 March), and an
     * agreement's dates decide whether it is in force.
     */
    private static final class NoTimestamps extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }

    private void problem(String key, String reason) {
        found++;
        problems.add(new AgreementProblem(file, agreementId, key, reason));
    }
}
