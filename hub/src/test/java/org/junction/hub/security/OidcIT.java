package org.junction.hub.security;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.OidcTestProvider;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on for real: the hub redirects a browser to the identity provider (WireMock), the
 * browser comes back with a code, the hub exchanges it at the provider's token endpoint, checks the
 * ID token's signature against the provider's JWKS, its issuer, audience and nonce, and maps its
 * claims to a person whose session then works on the people's API.
 */
class OidcIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A browser: keeps the hub's session cookie, follows no redirects by itself. */
    private final class Browser {
        private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        private String cookie;

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JUNCTION_SESSION="))
                    .findFirst().ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
            return response;
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        /** Up to the provider and back with a code: the hub's answer to the callback. */
        HttpResponse<String> signIn(Map<String, Object> claims, RSAKey signer) throws Exception {
            var start = get("/oauth2/authorization/sso");
            assertThat(start.statusCode()).isEqualTo(302);
            URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
            assertThat(authorize.toString()).startsWith(IDP.issuer() + "/authorize?");
            Map<String, String> query = query(authorize);
            assertThat(query).containsEntry("response_type", "code").containsEntry("client_id",
                    OidcTestProvider.CLIENT_ID).containsKeys("state", "nonce");
            assertThat(query.get("scope")).contains("openid");
            IDP.willIssue(query.get("nonce"), claims, signer);
            String callback = query.get("redirect_uri") + "?code=code-" + query.get("state").hashCode()
                    + "&state=" + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
            assertThat(callback).startsWith(uri("/login/oauth2/code/sso").toString());
            return send(HttpRequest.newBuilder(URI.create(callback)).GET());
        }
    }

    @Test
    void aPersonSignsInAtTheProviderAndUsesTheSessionForTheirOrganisationsPartners() throws Exception {
        Browser browser = new Browser();
        var back = browser.signIn(Map.of("preferred_username", "sso-operator-1", "organisation", "volunteer-test",
                "roles", List.of("OPERATOR", "SOMETHING_ELSE")), IDP.key());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
        IDP.server().verify(postRequestedFor(urlPathEqualTo("/token"))
                .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder().encodeToString(
                        (OidcTestProvider.CLIENT_ID + ":" + OidcTestProvider.CLIENT_SECRET)
                                .getBytes(StandardCharsets.UTF_8)))));

        var me = browser.get("/api/v1/session");
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        var who = JSON.readTree(me.body());
        assertThat(who.get("id").asText()).isEqualTo("sso-operator-1");
        assertThat(who.get("organisation").asText()).isEqualTo("volunteer-test");
        assertThat(who.get("roles").toString()).isEqualTo("[\"OPERATOR\"]");
        assertThat(browser.get("/api/v1/dlq").statusCode()).isEqualTo(200);
        assertThat(browser.get("/api/v1/audit/verify").statusCode()).isEqualTo(403);

        var paused = browser.send(HttpRequest.newBuilder(uri("/api/v1/admin/partners/volunteer-test/pause"))
                .header("X-CSRF-TOKEN", who.get("csrfToken").asText()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(browser.send(HttpRequest.newBuilder(uri("/api/v1/admin/partners/volunteer-test/resume"))
                .header("X-CSRF-TOKEN", who.get("csrfToken").asText()).POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT event_type || ' ' || COALESCE(reason_code, '') FROM ledger_event"
                + " WHERE actor = 'sso-operator-1' ORDER BY id", String.class))
                .containsExactly("LOGIN_SUCCEEDED OIDC", "PARTNER_PAUSED ", "PARTNER_RESUMED ");
    }

    @Test
    void aPersonWithoutARecognisedOrganisationOrRoleOrWithAForgedTokenGetsNoSession() throws Exception {
        Map<String, Map<String, Object>> refused = new HashMap<>();
        refused.put("unknown organisation", Map.of("preferred_username", "sso-stranger", "organisation",
                "Nowhere Council", "roles", List.of("HUB_ADMIN")));
        refused.put("no hub role", Map.of("preferred_username", "sso-no-role", "organisation", "Testshire Hub Team",
                "roles", List.of("VIEWER")));
        refused.put("no organisation", Map.of("preferred_username", "sso-no-org", "roles", "HUB_ADMIN"));
        for (var claims : refused.entrySet()) {
            Browser browser = new Browser();
            var back = browser.signIn(claims.getValue(), IDP.key());
            assertThat(back.statusCode()).as(claims.getKey()).isEqualTo(302);
            assertThat(back.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .endsWith("/console/sign-in-failed"));
            var page = browser.get("/console/sign-in-failed");
            assertThat(page.statusCode()).isEqualTo(401);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/html"));
            assertThat(page.body()).contains("Sign-in failed", "href=\"/console/login\"")
                    .doesNotContain("not_recognised").doesNotContain("organisation or hub role");
            assertThat(browser.get("/api/v1/session").statusCode()).as(claims.getKey()).isEqualTo(401);
        }
        Browser forger = new Browser();
        var forged = forger.signIn(Map.of("preferred_username", "sso-forger", "organisation", "Testshire Hub Team",
                "roles", List.of("HUB_ADMIN"), "hub_wide", true), OidcTestProvider.newKey("idp-key-1"));
        assertThat(forged.statusCode()).isEqualTo(302);
        assertThat(forged.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/console/sign-in-failed"));
        assertThat(forger.get("/api/v1/alerts").statusCode()).isEqualTo(401);

        Browser admin = new Browser();
        assertThat(admin.signIn(Map.of("preferred_username", "sso-admin", "organisation", "Testshire Hub Team",
                "roles", "HUB_ADMIN IG_LEAD", "hub_wide", true), IDP.key()).statusCode()).isEqualTo(302);
        assertThat(admin.get("/api/v1/audit/verify").statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE event_type = 'LOGIN_FAILED'"
                + " AND reason_code = 'OIDC_NOT_RECOGNISED'", Integer.class)).isGreaterThanOrEqualTo(3);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
