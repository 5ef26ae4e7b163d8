package org.junction.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.People;
import org.junction.security.identity.Role;
import org.junction.security.people.PersonAdministration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what, endpoint by endpoint, for every kind of caller. The endpoint list is the
 * application's own: an endpoint added without a line in {@link #EXPECTED} fails this test, so no
 * door is added without deciding who may use it. "Allowed" means the caller gets past
 * authentication and authorisation (the answer may still be a 400 or 404 for the empty request);
 * "denied" means 401 or 403.
 */
class AuthorizationMatrixIT extends HubIntegrationTest {

    /**
     * IG_LEAD and HUB_ADMIN are hub-wide; OPERATOR (of gp-test), DECISION_MAKER (of police-test) and
     * COUNCIL_IG_LEAD are scoped to their organisation; SESSION is a hub-wide admin and IG lead logged
     * in with password and TOTP, calling with the session cookie (and its CSRF token on POSTs).
     */
    enum Caller { ANONYMOUS, POLICE, COUNCIL, HOSPITAL, IG_LEAD, HUB_ADMIN, OPERATOR, DECISION_MAKER, COUNCIL_IG_LEAD,
        SESSION }

    private static final Set<Caller> NOBODY = EnumSet.noneOf(Caller.class);
    private static final Set<Caller> EVERYONE = EnumSet.allOf(Caller.class);
    private static final Set<Caller> PARTNERS = EnumSet.of(Caller.POLICE, Caller.COUNCIL, Caller.HOSPITAL);
    private static final Set<Caller> ADMINS = EnumSet.of(Caller.HUB_ADMIN, Caller.SESSION);
    private static final Set<Caller> OPERATORS = EnumSet.of(Caller.HUB_ADMIN, Caller.SESSION, Caller.OPERATOR);
    private static final Set<Caller> SESSION_ONLY = EnumSet.of(Caller.SESSION);

    /** Method and path pattern -> the callers allowed through. */
    private static final Map<String, Set<Caller>> EXPECTED = new LinkedHashMap<>();

    static {
        // Partner API: each partner only for what its partner file lets it send.
        EXPECTED.put("POST /api/v1/referrals", EnumSet.of(Caller.POLICE));
        // Partners their own referrals; people (not decision-makers, yet) their organisation's.
        EXPECTED.put("GET /api/v1/referrals/{trackingId}", EnumSet.of(Caller.POLICE, Caller.COUNCIL, Caller.HOSPITAL,
                Caller.IG_LEAD, Caller.HUB_ADMIN, Caller.OPERATOR, Caller.COUNCIL_IG_LEAD, Caller.SESSION));
        EXPECTED.put("GET /api/v1/openapi.yaml", PARTNERS);
        // No partner of the shared test set has an outcome source.
        EXPECTED.put("POST /api/v1/outcomes", NOBODY);
        EXPECTED.put("POST /fhir/$process-message", EnumSet.of(Caller.HOSPITAL));
        EXPECTED.put("POST /fhir/Consent", EnumSet.of(Caller.POLICE));
        EXPECTED.put("POST /fhir/{resourceType:Task|Communication}", NOBODY);
        EXPECTED.put("GET /fhir/metadata", EVERYONE);
        // People.
        // Verifying reads the whole chain: hub-wide IG leads and admins only.
        EXPECTED.put("GET /api/v1/audit/verify", EnumSet.of(Caller.IG_LEAD, Caller.HUB_ADMIN, Caller.SESSION));
        // Exporting: IG leads, those scoped to one organisation getting its partners' events only.
        EXPECTED.put("GET /api/v1/audit/export", EnumSet.of(Caller.IG_LEAD, Caller.COUNCIL_IG_LEAD, Caller.SESSION));
        // Checkpoints and ledger public keys: partners keep copies; hub-wide IG leads and admins see them.
        EXPECTED.put("GET /api/v1/audit/keys", EnumSet.of(Caller.POLICE, Caller.COUNCIL, Caller.HOSPITAL,
                Caller.IG_LEAD, Caller.HUB_ADMIN, Caller.SESSION));
        EXPECTED.put("GET /api/v1/audit/checkpoints", EnumSet.of(Caller.POLICE, Caller.COUNCIL, Caller.HOSPITAL,
                Caller.IG_LEAD, Caller.HUB_ADMIN, Caller.SESSION));
        EXPECTED.put("GET /api/v1/admin/partners", OPERATORS);
        EXPECTED.put("POST /api/v1/admin/config/reload", ADMINS);
        EXPECTED.put("POST /api/v1/admin/partners/{id}/pause", OPERATORS);
        EXPECTED.put("POST /api/v1/admin/partners/{id}/resume", OPERATORS);
        EXPECTED.put("GET /api/v1/dlq", OPERATORS);
        EXPECTED.put("POST /api/v1/dlq/replay", OPERATORS);
        EXPECTED.put("GET /api/v1/alerts", EnumSet.of(Caller.HUB_ADMIN, Caller.SESSION, Caller.OPERATOR,
                Caller.IG_LEAD, Caller.COUNCIL_IG_LEAD));
        // Recalls: scoped by organisation in the controller; marking entered-in-error is the sender's alone.
        EXPECTED.put("GET /api/v1/recalls", EnumSet.of(Caller.IG_LEAD, Caller.HUB_ADMIN, Caller.OPERATOR,
                Caller.COUNCIL_IG_LEAD, Caller.SESSION));
        EXPECTED.put("POST /api/v1/referrals/{trackingId}/entered-in-error", PARTNERS);
        // Anyone may try to log in (the empty request is a 400) and log out.
        EXPECTED.put("POST /api/v1/login", EVERYONE);
        EXPECTED.put("POST /api/v1/logout", EVERYONE);
        // Who am I (and the session's CSRF token): people only.
        EXPECTED.put("GET /api/v1/session", EnumSet.of(Caller.IG_LEAD, Caller.HUB_ADMIN, Caller.OPERATOR,
                Caller.DECISION_MAKER, Caller.COUNCIL_IG_LEAD, Caller.SESSION));
        // IG leads list the agreements their organisation is party to (hub admins all of them).
        EXPECTED.put("GET /api/v1/admin/agreements", EnumSet.of(Caller.IG_LEAD, Caller.HUB_ADMIN,
                Caller.COUNCIL_IG_LEAD, Caller.SESSION));
        // Only an IG lead approves, and only for an organisation party to the agreement (the rest is 404 or 403).
        EXPECTED.put("POST /api/v1/admin/agreements/{id}/{version}/approvals", EnumSet.of(Caller.IG_LEAD,
                Caller.COUNCIL_IG_LEAD, Caller.SESSION));
        // Held referrals: decision-makers see and decide them (titles checked per item); IG leads review overrides.
        EXPECTED.put("GET /api/v1/decisions/pending", EnumSet.of(Caller.DECISION_MAKER));
        EXPECTED.put("POST /api/v1/decisions/{id}", EnumSet.of(Caller.DECISION_MAKER));
        // A run of a bulk feed, seen and decided as one batch per recipient (titles checked per batch).
        EXPECTED.put("GET /api/v1/decisions/batches/{batchId}/{recipient}", EnumSet.of(Caller.DECISION_MAKER));
        EXPECTED.put("POST /api/v1/decisions/batches/{batchId}/{recipient}", EnumSet.of(Caller.DECISION_MAKER));
        EXPECTED.put("GET /api/v1/decisions/overrides", EnumSet.of(Caller.IG_LEAD, Caller.COUNCIL_IG_LEAD,
                Caller.SESSION));
        // What the hub still holds of a referral's payload: IG leads, with a reason (scoped in the controller).
        EXPECTED.put("POST /api/v1/referrals/{trackingId}/payload", EnumSet.of(Caller.IG_LEAD,
                Caller.COUNCIL_IG_LEAD, Caller.SESSION));
        // Vital-interests shares owing a decision record: listed per organisation; made by decision-makers.
        EXPECTED.put("GET /api/v1/decisions/vital-interests", EnumSet.of(Caller.DECISION_MAKER, Caller.IG_LEAD,
                Caller.COUNCIL_IG_LEAD, Caller.SESSION));
        EXPECTED.put("POST /api/v1/decisions/vital-interests/{id}/record", EnumSet.of(Caller.DECISION_MAKER));
        // Ledger search, subject access reports, releases and override reviews: IG leads only (scoped in the hub).
        for (String endpoint : List.of("GET /api/v1/audit", "POST /api/v1/audit/search",
                "POST /api/v1/audit/subject-access", "POST /api/v1/audit/releases",
                "POST /api/v1/decisions/overrides/{id}/review")) {
            EXPECTED.put(endpoint, EnumSet.of(Caller.IG_LEAD, Caller.COUNCIL_IG_LEAD, Caller.SESSION));
        }
        // The console's status page is open only when configured so (not here).
        EXPECTED.put("GET /", NOBODY);
        // Spring's error page renders the other answers.
        EXPECTED.put("GET /error", EVERYONE);
        // The web console: people with a session only (API keys open nothing there); every post needs the
        // session's CSRF token, signing in included, so a post without one is refused even before sign-in.
        EXPECTED.put("GET /console/login", EVERYONE);
        EXPECTED.put("POST /console/login", SESSION_ONLY);
        EXPECTED.put("POST /console/logout", SESSION_ONLY);
        EXPECTED.put("GET /console", SESSION_ONLY);
        EXPECTED.put("GET /console/referrals", SESSION_ONLY);
        EXPECTED.put("GET /console/referrals/{trackingId}", SESSION_ONLY);
        EXPECTED.put("GET /console/dead-letters", SESSION_ONLY);
        EXPECTED.put("GET /console/dead-letters/replay", SESSION_ONLY);
        EXPECTED.put("POST /console/dead-letters/replay", SESSION_ONLY);
        EXPECTED.put("GET /console/partners", SESSION_ONLY);
        EXPECTED.put("POST /console/partners/{id}/pause", SESSION_ONLY);
        EXPECTED.put("POST /console/partners/{id}/resume", SESSION_ONLY);
        // The session here is an admin and IG lead, not a decision-maker.
        EXPECTED.put("GET /console/decisions", NOBODY);
        EXPECTED.put("GET /console/decisions/{id}", NOBODY);
        EXPECTED.put("POST /console/decisions/{id}", NOBODY);
        // Configuration (admins), agreements (admins see, IG leads approve), data flows and payload views (IG leads).
        EXPECTED.put("GET /console/configuration", SESSION_ONLY);
        EXPECTED.put("POST /console/configuration/check", SESSION_ONLY);
        EXPECTED.put("POST /console/configuration/apply", SESSION_ONLY);
        EXPECTED.put("GET /console/agreements", SESSION_ONLY);
        EXPECTED.put("POST /console/agreements/{id}/{version}/approvals", SESSION_ONLY);
        EXPECTED.put("GET /console/flows", SESSION_ONLY);
        EXPECTED.put("GET /console/flows/record-of-processing.csv", SESSION_ONLY);
        EXPECTED.put("GET /console/referrals/{trackingId}/payload", SESSION_ONLY);
        EXPECTED.put("POST /console/referrals/{trackingId}/payload", SESSION_ONLY);
        // Audit pages: IG leads (the ledger's verification only hub-wide ones, as its API).
        EXPECTED.put("GET /console/audit", SESSION_ONLY);
        EXPECTED.put("POST /console/audit", SESSION_ONLY);
        EXPECTED.put("GET /console/audit/subject-access", SESSION_ONLY);
        EXPECTED.put("POST /console/audit/subject-access", SESSION_ONLY);
        EXPECTED.put("GET /console/audit/overrides", SESSION_ONLY);
        EXPECTED.put("GET /console/audit/overrides/{decisionId}", SESSION_ONLY);
        EXPECTED.put("POST /console/audit/overrides/{decisionId}", SESSION_ONLY);
        EXPECTED.put("GET /console/audit/releases", SESSION_ONLY);
        EXPECTED.put("GET /console/audit/releases/{trackingId}", SESSION_ONLY);
        EXPECTED.put("POST /console/audit/releases/{trackingId}", SESSION_ONLY);
        EXPECTED.put("GET /console/audit/ledger", SESSION_ONLY);
        EXPECTED.put("POST /console/audit/ledger/verify", SESSION_ONLY);
        // Where a failed single sign-on ends: open to all, and always answered 401 (it tells of a refusal).
        EXPECTED.put("GET /console/sign-in-failed", NOBODY);
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    PersonAdministration people;

    private People.Session session;

    /**
     * The URL rules are the first line; each of the hub's own handler methods carries its own rule
     * too, so a URL rule loosened by mistake does not open an endpoint.
     */
    @Test
    void everyEndpointOfTheHubCarriesAMethodLevelRule() {
        List<String> unguarded = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            boolean ours = handler.getBeanType().getName().startsWith("org.junction.");
            boolean guarded = handler.hasMethodAnnotation(PreAuthorize.class)
                    || handler.getBeanType().isAnnotationPresent(PreAuthorize.class);
            if (ours && !guarded) {
                unguarded.add(handler.getBeanType().getSimpleName() + "." + handler.getMethod().getName());
            }
        });
        assertThat(unguarded).as("handler methods without @PreAuthorize").isEmpty();
    }

    @Test
    void everyEndpointHasARuleAndEveryCallerGetsExactlyWhatTheRuleSays() {
        Set<String> endpoints = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods)
                        .forEach(method -> endpoints.add(method + " " + pattern));
            }
        });
        assertThat(EXPECTED.keySet()).as("endpoints without a rule in this test (add them to EXPECTED)")
                .containsAll(endpoints);
        session = People.logIn(uri("/api/v1/login"), People.add(people, "matrix-session-admin", "Testshire Hub Team",
                true, Role.HUB_ADMIN, Role.IG_LEAD));

        List<String> wrong = new ArrayList<>();
        // Logging out ends the session the other calls use: last.
        List<String> ordered = new ArrayList<>(endpoints);
        // (the console's first: its sign-out needs the session's CSRF token; the API's logout without a session does not).
        ordered.sort(java.util.Comparator.comparing(e -> e.equals("POST /console/logout") ? 1
                : e.equals("POST /api/v1/logout") ? 2 : 0));
        for (String endpoint : ordered) {
            for (Caller caller : Caller.values()) {
                int status = call(endpoint, caller);
                boolean allowed = status != 401 && status != 403;
                if (allowed != EXPECTED.get(endpoint).contains(caller)) {
                    wrong.add(endpoint + " as " + caller + ": " + status);
                }
            }
        }
        assertThat(wrong).as("callers let in or kept out against the rule").isEmpty();
    }

    private int call(String endpoint, Caller caller) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1)
                .replace("{trackingId}", "00000000-0000-4000-8000-000000000000")
                .replace("{batchId}", "00000000-0000-4000-8000-000000000000")
                .replace("{decisionId}", "00000000-0000-4000-8000-000000000000")
                .replace("{recipient}", "no-such-partner")
                .replace("{id}", "no-such-partner")
                .replace("{version}", "1")
                .replace("{resourceType:Task|Communication}", "Task");
        var builder = HttpRequest.newBuilder(uri(path));
        if (caller == Caller.SESSION) {
            builder.header("Cookie", session.cookie()).header("X-CSRF-TOKEN", session.csrfToken());
        }
        if (method.equals("POST")) {
            builder.header("Content-Type", path.startsWith("/fhir") ? "application/fhir+json" : "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            builder.GET();
        }
        String key = switch (caller) {
            case ANONYMOUS -> null;
            case POLICE -> POLICE_KEY;
            case COUNCIL -> COUNCIL_KEY;
            case HOSPITAL -> HOSPITAL_KEY;
            case IG_LEAD -> IG_LEAD_KEY;
            case HUB_ADMIN -> ADMIN_KEY;
            case OPERATOR -> OPERATOR_KEY;
            case DECISION_MAKER -> DECISION_MAKER_KEY;
            case COUNCIL_IG_LEAD -> COUNCIL_IG_LEAD_KEY;
            case SESSION -> null;
        };
        if (key != null) {
            builder.header("X-API-Key", key);
        }
        var answer = send(builder.build());
        // The console sends a browser without a session to its sign-in page: that is its refusal.
        boolean toSignIn = answer.statusCode() == 302 && answer.headers().firstValue("Location")
                .map(l -> l.endsWith("/console/login")).orElse(false);
        return toSignIn ? 401 : answer.statusCode();
    }
}
