package org.junction.hub.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.People;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.identity.Role;
import org.junction.security.people.PersonAdministration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * People logging in with password and TOTP, using their session on the people's API by role, and
 * seeing only what their organisation sent or received. Partner organisations here are the partner
 * ids (the shared test partner files name no organisation).
 */
class PeopleIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    PersonAdministration people;

    @AfterEach
    void resetPlatform() {
        VOLUNTEER.resetAll();
    }

    @Test
    void aLoggedInOperatorUsesTheSessionWithItsCsrfTokenForItsOwnOrganisationAndCannotReload() throws Exception {
        var issued = People.add(people, "people-it-operator", "volunteer-test", false, Role.OPERATOR);
        HttpResponse<String> answer = People.login(uri("/api/v1/login"), issued.id(), issued.password(),
                People.code(issued));
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode who = JSON.readTree(answer.body());
        assertThat(who.get("id").asText()).isEqualTo("people-it-operator");
        assertThat(who.get("roles").toString()).isEqualTo("[\"OPERATOR\"]");
        assertThat(who.get("hubWide").asBoolean()).isFalse();
        String cookie = answer.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JUNCTION_SESSION=")).findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .as("plain HTTP here: Secure comes with TLS").doesNotContainIgnoringCase("Secure;");
        People.Session session = People.session(issued.id(), answer);

        assertThat(send(session.request(uri("/api/v1/dlq")).GET().build()).statusCode()).isEqualTo(200);
        assertThat(send(session.request(uri("/api/v1/admin/partners")).GET().build()).body())
                .contains("\"volunteer-test\"").doesNotContain("\"gp-test\"");
        assertThat(send(session.request(uri("/api/v1/audit/verify")).GET().build()).statusCode()).isEqualTo(403);
        assertThat(send(session.post(uri("/api/v1/admin/config/reload?dryRun=true"), "")).statusCode())
                .isEqualTo(403);

        // A change made with the cookie alone (what a hostile page could make the browser send) is refused.
        var forged = send(session.request(uri("/api/v1/admin/partners/volunteer-test/pause"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(send(session.request(uri("/api/v1/admin/partners/volunteer-test/pause"))
                .header("X-CSRF-TOKEN", "not-the-token").POST(HttpRequest.BodyPublishers.noBody()).build())
                .statusCode()).isEqualTo(403);
        assertThat(pausedBy("volunteer-test")).isEmpty();

        var paused = send(session.post(uri("/api/v1/admin/partners/volunteer-test/pause"), ""));
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(pausedBy("volunteer-test")).containsExactly("people-it-operator");
        assertThat(send(session.post(uri("/api/v1/admin/partners/volunteer-test/resume"), "")).statusCode())
                .isEqualTo(200);
        // Another organisation's partner is unknown to this operator.
        assertThat(send(session.post(uri("/api/v1/admin/partners/gp-test/pause"), "")).statusCode()).isEqualTo(404);

        assertThat(send(session.post(uri("/api/v1/logout"), "")).statusCode()).isEqualTo(204);
        assertThat(send(session.request(uri("/api/v1/dlq")).GET().build()).statusCode()).isEqualTo(401);
        assertThat(ledger("people-it-operator")).contains("LOGIN_SUCCEEDED SUCCEEDED PASSWORD_TOTP");
    }

    @Test
    void wrongPasswordWrongCodeAndAReplayedCodeFailAlikeAndRepeatedFailuresLockThePersonOut() throws Exception {
        var issued = People.add(people, "people-it-ig-lead", "gp-test", false, Role.IG_LEAD);
        String wrongCode = People.code(issued).equals("000000") ? "111111" : "000000";
        var badPassword = People.login(uri("/api/v1/login"), issued.id(), "not-the-password", People.code(issued));
        var badCode = People.login(uri("/api/v1/login"), issued.id(), issued.password(), wrongCode);
        var unknown = People.login(uri("/api/v1/login"), "nobody-at-all", issued.password(), People.code(issued));
        assertThat(List.of(badPassword.statusCode(), badCode.statusCode(), unknown.statusCode()))
                .containsOnly(401);
        assertThat(badPassword.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(badCode.body()).isEqualTo(badPassword.body()).isEqualTo(unknown.body())
                .doesNotContainIgnoringCase("password is").doesNotContainIgnoringCase("code is wrong");
        assertThat(badPassword.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JUNCTION_SESSION="));

        // One code for the login and its replay: asked for twice, a code can fall either side of a
        // 30-second step, and the second would then be a new code rather than a replay.
        String code = People.code(issued);
        var loggedIn = People.login(uri("/api/v1/login"), issued.id(), issued.password(), code);
        assertThat(loggedIn.statusCode()).isEqualTo(200);
        People.Session session = People.session(issued.id(), loggedIn);
        var replayed = People.login(uri("/api/v1/login"), issued.id(), issued.password(), code);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.body()).isEqualTo(badPassword.body());
        assertThat(send(session.request(uri("/api/v1/audit/verify")).GET().build()).statusCode())
                .as("an IG lead of one organisation does not read the whole ledger").isEqualTo(403);

        var locked = People.add(people, "people-it-locked", "gp-test", false, Role.IG_LEAD);
        for (int i = 0; i < 3; i++) {
            assertThat(People.login(uri("/api/v1/login"), locked.id(), "guess-" + i, People.code(locked)).statusCode())
                    .isEqualTo(401);
        }
        var rightButLocked = People.login(uri("/api/v1/login"), locked.id(), locked.password(), People.code(locked));
        assertThat(rightButLocked.statusCode()).isEqualTo(401);
        assertThat(rightButLocked.body()).isEqualTo(badPassword.body());
        assertThat(ledger("people-it-ig-lead")).contains("LOGIN_FAILED FAILED BAD_PASSWORD", "LOGIN_FAILED FAILED BAD_CODE",
                "LOGIN_SUCCEEDED SUCCEEDED PASSWORD_TOTP", "LOGIN_FAILED FAILED REPLAYED_CODE");
        assertThat(ledger("people-it-locked")).contains("LOGIN_FAILED FAILED BAD_PASSWORD_LOCKED_OUT",
                "LOGIN_FAILED FAILED LOCKED");
        assertThat(String.join(" ", jdbc.queryForList("SELECT CONCAT(actor, outcome, reason_code) FROM ledger_event",
                String.class))).doesNotContain(issued.password()).doesNotContain(locked.password())
                .doesNotContain("nobody-at-all");
        assertThat(People.login(uri("/api/v1/login"), issued.id(), "", "").statusCode()).isEqualTo(400);
    }

    @Test
    void aPersonSeesOnlyReferralsTheirOrganisationSentOrReceivedAndOnlyTheirDeadLetters() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(400)));
        var accepted = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police("9990000115", "Orlaith",
                "Quennell", "GIVEN").replace("PATSFTY", "SUPNWK"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        UUID trackingId = UUID.fromString(JSON.readTree(accepted.body()).get("trackingId").asText());
        String path = "/api/v1/referrals/" + trackingId;
        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(get(POLICE_KEY, path).body())
                .path("recipients").path("volunteer-test").asText().equals("FAILED"));

        // Police (sender) to the volunteer platform (recipient): the council's IG lead is neither.
        var council = get(COUNCIL_IG_LEAD_KEY, path);
        assertThat(council.statusCode()).isEqualTo(404);
        UUID unknown = UUID.randomUUID();
        assertThat(council.body()).as("the same answer as for a referral that does not exist").isEqualTo(
                get(COUNCIL_IG_LEAD_KEY, "/api/v1/referrals/" + unknown).body().replace(unknown.toString(),
                        trackingId.toString()));
        var volunteerLead = People.logIn(uri("/api/v1/login"),
                People.add(people, "people-it-volunteer-lead", "volunteer-test", false, Role.IG_LEAD));
        assertThat(send(volunteerLead.request(uri(path)).GET().build()).statusCode()).isEqualTo(200);
        var policeLead = People.logIn(uri("/api/v1/login"),
                People.add(people, "people-it-police-lead", "police-test", false, Role.IG_LEAD));
        assertThat(send(policeLead.request(uri(path)).GET().build()).statusCode()).isEqualTo(200);
        assertThat(get(IG_LEAD_KEY, path).statusCode()).as("hub-wide").isEqualTo(200);
        assertThat(get(DECISION_MAKER_KEY, path).statusCode()).isEqualTo(403);

        // The dead letter belongs to the volunteer platform and the police: not to the GP's operator.
        String messageId = messageIdOf(get(ADMIN_KEY, "/api/v1/dlq").body(), trackingId);
        assertThat(messageId).isNotNull();
        assertThat(messageIdOf(get(OPERATOR_KEY, "/api/v1/dlq").body(), trackingId)).isNull();
        var notTheirs = postJson(OPERATOR_KEY, "/api/v1/dlq/replay", "application/json",
                JSON.writeValueAsString(Map.of("messageIds", List.of(messageId), "reason", "trying")));
        assertThat(JSON.readTree(notTheirs.body()).get(0).get("outcome").asText()).isEqualTo("NOT_FOUND");
        assertThat(messageIdOf(get(ADMIN_KEY, "/api/v1/dlq").body(), trackingId)).as("still there").isEqualTo(messageId);

        var volunteerOperator = People.logIn(uri("/api/v1/login"),
                People.add(people, "people-it-volunteer-op", "volunteer-test", false, Role.OPERATOR));
        assertThat(messageIdOf(send(volunteerOperator.request(uri("/api/v1/dlq")).GET().build()).body(), trackingId))
                .isEqualTo(messageId);
        VOLUNTEER.resetAll();
        var replayed = send(volunteerOperator.post(uri("/api/v1/dlq/replay"),
                JSON.writeValueAsString(Map.of("messageIds", List.of(messageId), "reason", "platform fixed"))));
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(JSON.readTree(replayed.body()).get(0).get("outcome").asText()).isEqualTo("REPLAYED");
        assertThat(jdbc.queryForList("SELECT actor FROM ledger_event WHERE event_type = 'DEAD_LETTER_REPLAYED'"
                + " AND tracking_id = ?", String.class, trackingId)).containsExactly("people-it-volunteer-op");

        for (JsonNode alert : JSON.readTree(get(OPERATOR_KEY, "/api/v1/alerts").body())) {
            assertThat(alert.path("partner").asText("gp-test")).isEqualTo("gp-test");
        }
    }

    private List<String> pausedBy(String partner) {
        return jdbc.queryForList("SELECT actor FROM ledger_event WHERE event_type = 'PARTNER_PAUSED'"
                + " AND recipient_partner_id = ? AND actor LIKE 'people-it-%'", String.class, partner);
    }

    private List<String> ledger(String actor) {
        return jdbc.queryForList("SELECT CONCAT(event_type, ' ', outcome, ' ', reason_code) FROM ledger_event"
                + " WHERE actor = ? ORDER BY id", String.class, actor);
    }

    private static String messageIdOf(String listing, UUID trackingId) throws Exception {
        for (JsonNode entry : JSON.readTree(listing)) {
            if (trackingId.toString().equals(entry.path("trackingId").asText())) {
                return entry.get("messageId").asText();
            }
        }
        return null;
    }
}
