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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
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

    enum Caller { ANONYMOUS, POLICE, COUNCIL, HOSPITAL, IG_LEAD, HUB_ADMIN }

    private static final Set<Caller> NOBODY = EnumSet.noneOf(Caller.class);
    private static final Set<Caller> EVERYONE = EnumSet.allOf(Caller.class);
    private static final Set<Caller> PARTNERS = EnumSet.of(Caller.POLICE, Caller.COUNCIL, Caller.HOSPITAL);
    private static final Set<Caller> ADMINS = EnumSet.of(Caller.HUB_ADMIN);

    /** Method and path pattern -> the callers allowed through. */
    private static final Map<String, Set<Caller>> EXPECTED = new LinkedHashMap<>();

    static {
        // Partner API: each partner only for what its partner file lets it send.
        EXPECTED.put("POST /api/v1/referrals", EnumSet.of(Caller.POLICE));
        EXPECTED.put("GET /api/v1/referrals/{trackingId}", PARTNERS);
        EXPECTED.put("GET /api/v1/openapi.yaml", PARTNERS);
        // No partner of the shared test set has an outcome source.
        EXPECTED.put("POST /api/v1/outcomes", NOBODY);
        EXPECTED.put("POST /fhir/$process-message", EnumSet.of(Caller.HOSPITAL));
        EXPECTED.put("POST /fhir/Consent", EnumSet.of(Caller.POLICE));
        EXPECTED.put("POST /fhir/{resourceType:Task|Communication}", NOBODY);
        EXPECTED.put("GET /fhir/metadata", EVERYONE);
        // People.
        EXPECTED.put("GET /api/v1/audit/verify", EnumSet.of(Caller.IG_LEAD, Caller.HUB_ADMIN));
        EXPECTED.put("GET /api/v1/admin/partners", ADMINS);
        EXPECTED.put("POST /api/v1/admin/config/reload", ADMINS);
        EXPECTED.put("POST /api/v1/admin/partners/{id}/pause", ADMINS);
        EXPECTED.put("POST /api/v1/admin/partners/{id}/resume", ADMINS);
        EXPECTED.put("GET /api/v1/dlq", ADMINS);
        EXPECTED.put("POST /api/v1/dlq/replay", ADMINS);
        EXPECTED.put("GET /api/v1/alerts", ADMINS);
        EXPECTED.put("GET /api/v1/admin/agreements", EnumSet.of(Caller.IG_LEAD, Caller.HUB_ADMIN));
        // Only an IG lead approves, and only for an organisation party to the agreement (the rest is 404 or 403).
        EXPECTED.put("POST /api/v1/admin/agreements/{id}/{version}/approvals", EnumSet.of(Caller.IG_LEAD));
        // The console's status page is open only when configured so (not here).
        EXPECTED.put("GET /", NOBODY);
        // Spring's error page renders the other answers.
        EXPECTED.put("GET /error", EVERYONE);
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

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

        List<String> wrong = new ArrayList<>();
        for (String endpoint : endpoints) {
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
                .replace("{id}", "no-such-partner")
                .replace("{version}", "1")
                .replace("{resourceType:Task|Communication}", "Task");
        var builder = HttpRequest.newBuilder(uri(path));
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
        };
        if (key != null) {
            builder.header("X-API-Key", key);
        }
        return send(builder.build()).statusCode();
    }
}
