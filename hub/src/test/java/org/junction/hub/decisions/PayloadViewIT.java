package org.junction.hub.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.payload.PayloadViews;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An IG lead of a party organisation sees, with a reason, the payload copies the hub still holds
 * of a referral (here: a referral held for a decision); each view is a BODY_VIEWED ledger event
 * with the reason kept sealed; no reason, another organisation, or another role gets nothing; once
 * delivered, nothing is held.
 */
class PayloadViewIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Path AGREEMENTS = CONFIG_DIR.resolve("agreements");
    private static final String REASON = "Subject access request SAR-0042: checking what the hub still holds";

    @Autowired
    AgreementApprovalStore approvals;
    @Autowired
    CurrentAgreements current;
    @Autowired
    EnvelopeCipher cipher;

    @BeforeEach
    void agreementsInForce() throws IOException {
        clearAgreements();
        Files.createDirectories(AGREEMENTS);
        Files.writeString(AGREEMENTS.resolve("police-health-test.yaml"),
                GovernedDecisionsIT.POLICE_HEALTH.formatted(TODAY.minusDays(30), TODAY, TODAY.plusYears(1)));
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
        for (String organisation : List.of("police-test", "gp-test", "volunteer-test")) {
            approvals.approve(new AgreementApproval("police-health-test", 1, organisation), "ig-" + organisation,
                    Instant.now());
        }
        current.refresh();
    }

    @AfterEach
    void agreementsRemoved() {
        removeAgreementsAndReload();
    }

    @Test
    void anIgLeadOfAPartySeesTheHeldPayloadWithAReasonAndTheViewIsRecorded() throws Exception {
        UUID trackingId = post(SampleReferrals.police("9990000271", "Orsolya", "Brackenridge", "NOT_ASKED"));
        String heldId = awaitHeld(trackingId);

        var shown = view(IG_POLICE_KEY, trackingId, "{\"reason\": \"" + REASON + "\"}");

        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(shown.body());
        assertThat(body.get("outcome").asText()).isEqualTo("SHOWN");
        JsonNode copy = body.get("copies").get(0);
        assertThat(body.get("copies")).hasSize(1);
        assertThat(copy.get("location").asText()).isEqualTo("HELD");
        assertThat(copy.get("recipient").asText()).isEqualTo("gp-test");
        assertThat(copy.at("/payload/resourceType").asText()).isEqualTo("Bundle");
        assertThat(copy.get("payload").toString()).as("minimised: the flow withholds the address")
                .contains("9990000271").doesNotContain("Larkspur");
        Map<String, Object> event = jdbc.queryForMap("""
                SELECT event_id, actor, outcome, reason_code, sender_partner_id FROM ledger_event
                WHERE tracking_id = ? AND event_type = 'BODY_VIEWED'""", trackingId);
        UUID eventId = (UUID) event.get("event_id");
        assertThat(eventId.toString()).isEqualTo(body.get("eventId").asText());
        assertThat(event.get("actor")).isEqualTo("ig-police-test");
        assertThat(event.get("outcome")).isEqualTo("SHOWN");
        assertThat(event.get("sender_partner_id")).isEqualTo("police-test");
        byte[] sealed = jdbc.queryForObject("SELECT reason FROM payload_view_reason WHERE event_id = ?", byte[].class,
                eventId);
        assertThat(event.get("reason_code")).as("a digest of the sealed words, which nobody can guess")
                .isEqualTo(PayloadViews.reasonDigest(eventId, sealed));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("SAR-0042");
        assertThat(new String(cipher.open(sealed, PayloadViews.reasonAad(eventId)), StandardCharsets.UTF_8))
                .isEqualTo(REASON);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_subject s JOIN ledger_event e ON e.id = s.ledger_event_id
                WHERE e.event_id = ?""", Integer.class, eventId)).as("findable by the subject's pseudonym").isPositive();

        var noReason = view(IG_POLICE_KEY, trackingId, "{}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noReason.body()).at("/errors/0/field").asText()).isEqualTo("reason");
        assertThat(view(IG_POLICE_KEY, trackingId, "{\"reason\": \"because\"}").statusCode())
                .as("too short to say anything").isEqualTo(400);
        assertThat(bodyViews(trackingId)).as("a refused request is not a view").isEqualTo(1);

        var otherOrganisation = view(COUNCIL_IG_LEAD_KEY, trackingId, "{\"reason\": \"" + REASON + "\"}");
        assertThat(otherOrganisation.statusCode()).isEqualTo(404);
        assertThat(otherOrganisation.body()).doesNotContain("9990000271");
        assertThat(jdbc.queryForObject("""
                SELECT outcome FROM ledger_event WHERE tracking_id = ? AND event_type = 'BODY_VIEWED'
                AND actor = 'council-ig-lead-test'""", String.class, trackingId)).isEqualTo("OUT_OF_SCOPE");
        assertThat(view(IG_GP_KEY, trackingId, "{\"reason\": \"" + REASON + "\"}").statusCode())
                .as("held for the GP practice: nothing was sent to it, so it learns nothing yet").isEqualTo(404);
        assertThat(view(OPERATOR_KEY, trackingId, "{\"reason\": \"" + REASON + "\"}").statusCode()).isEqualTo(403);
        assertThat(view(ADMIN_KEY, trackingId, "{\"reason\": \"" + REASON + "\"}").statusCode()).isEqualTo(403);
        assertThat(view(IG_LEAD_KEY, trackingId, "{\"reason\": \"" + REASON + "\"}").statusCode())
                .as("a hub-wide IG lead sees every organisation's").isEqualTo(200);

        var approved = postJson(DECISION_MAKER_KEY, "/api/v1/decisions/" + heldId, "application/json",
                GovernedDecisionsIT.approval());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> GP.received().stream()
                .anyMatch(r -> trackingId.equals(r.trackingId())));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM outbox WHERE tracking_id = ?", Integer.class, trackingId) == 0);

        var delivered = view(IG_GP_KEY, trackingId, "{\"reason\": \"" + REASON + "\"}");
        assertThat(delivered.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(delivered.body()).get("detail").asText()).contains("no longer holds a copy");
        assertThat(jdbc.queryForList("""
                SELECT outcome FROM ledger_event WHERE tracking_id = ? AND event_type = 'BODY_VIEWED'
                AND actor = 'ig-gp-test' ORDER BY id""", String.class, trackingId))
                .containsExactly("OUT_OF_SCOPE", "NONE_HELD");
    }

    private HttpResponse<String> view(String key, UUID trackingId, String body) {
        return postJson(key, "/api/v1/referrals/" + trackingId + "/payload", "application/json", body);
    }

    private int bodyViews(UUID trackingId) {
        Integer n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'BODY_VIEWED'", Integer.class,
                trackingId);
        return n == null ? 0 : n;
    }

    private String awaitHeld(UUID trackingId) {
        String query = "SELECT id FROM held_decision WHERE tracking_id = ? AND state = 'PENDING'";
        await().atMost(Duration.ofSeconds(20)).until(() -> !jdbc.queryForList(query, String.class, trackingId).isEmpty());
        return jdbc.queryForList(query, String.class, trackingId).get(0);
    }

    private UUID post(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }
}
