package org.junction.hub.audit.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.mappings.fhir.Fhir;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.audit.export.LedgerAuditEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code GET /api/v1/audit/export}: the sealed ledger of a time range as FHIR AuditEvents or CSV,
 * each record with its chain position and hash; scoped IG leads get their organisation's partners'
 * events only; the export itself is recorded.
 */
class AuditExportIT extends HubIntegrationTest {

    /** Why the ledger leaves the hub, as an IG lead would say it (URL-encoded). */
    private static final String REASON = "Quarterly+assurance+return+to+the+partnership+board";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    LedgerWriter ledger;

    @Test
    void exportsTheRangeAsAuditEventsAndCsvScopedToTheCallerAndRecordsEachExport() throws Exception {
        // A window of its own, far from the events other tests record now.
        Instant t0 = Instant.parse("2031-02-03T10:00:00Z");
        UUID toCouncil = UUID.randomUUID();
        UUID toGp = UUID.randomUUID();
        List<UUID> events = new ArrayList<>();
        events.add(record(LedgerEvent.forReferral(LedgerEventType.DECIDED, toCouncil, "system:decide", "police-test",
                "council-test", "PATSFTY", "PERMIT", "CONSENT_GIVEN", 1, List.of("p1:export-subject-a"), t0)
                .withDetails(new LedgerDetails(null, "CONSENT", List.of(), "isa-export", 1, "flow-1",
                        UUID.randomUUID(), null, null, List.of(), List.of()))));
        events.add(record(LedgerEvent.forReferral(LedgerEventType.DELIVERED, toCouncil, "system:deliver", "police-test",
                "council-test", "PATSFTY", null, null, 1, List.of("p1:export-subject-a"), t0.plusSeconds(1))));
        events.add(record(LedgerEvent.forReferral(LedgerEventType.DELIVERED, toGp, "system:deliver", "police-test",
                "gp-test", "PATSFTY", null, null, 1, List.of("p1:export-subject-b"), t0.plusSeconds(2))));
        // A referral the council was not sent: its IG lead must not learn of it from an export either.
        events.add(record(LedgerEvent.forReferral(LedgerEventType.DECIDED, UUID.randomUUID(), "system:decide",
                "police-test", "council-test", "PATSFTY", "DENY", "CONSENT_REFUSED", 1, List.of("p1:export-subject-c"),
                t0.plusSeconds(3))));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM ledger_event e JOIN ledger_chain c ON c.ledger_event_id = e.id WHERE e.occurred_at >= ?",
                Integer.class,
                java.sql.Timestamp.from(t0)) == 4);
        String range = "from=2031-02-03&to=" + t0.plus(1, ChronoUnit.HOURS) + "&reason=" + REASON;

        var fhir = get(IG_LEAD_KEY, "/api/v1/audit/export?" + range + "&format=fhir");
        assertThat(fhir.statusCode()).as(fhir.body()).isEqualTo(200);
        assertThat(fhir.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        assertThat(fhir.body()).startsWith("{\"resourceType\":\"Bundle\"");
        Bundle bundle = Fhir.parseBundle(fhir.body());
        assertThat(bundle.getEntry()).hasSize(4);
        for (var entry : bundle.getEntry()) {
            AuditEvent audit = (AuditEvent) entry.getResource();
            var link = audit.getExtensionByUrl(LedgerAuditEvents.LEDGER_LINK);
            long seq = Long.parseLong(link.getExtensionByUrl("seq").getValue().primitiveValue());
            String hash = link.getExtensionByUrl("hash").getValue().primitiveValue();
            assertThat(hash).as("a receiver can check each record against the chain")
                    .isEqualTo(jdbc.queryForObject("SELECT hash FROM ledger_chain WHERE seq = ?", String.class, seq));
            assertThat(events).contains(UUID.fromString(audit.getIdPart()));
        }
        assertThat(((AuditEvent) bundle.getEntry().get(0).getResource()).getType().getCode()).isEqualTo("110113");
        assertThat(((AuditEvent) bundle.getEntry().get(1).getResource()).getType().getCode()).isEqualTo("110106");
        assertThat(fhir.body()).doesNotContain("nhs-number");

        var csv = get(IG_LEAD_KEY, "/api/v1/audit/export?" + range + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).startsWith("seq,hash,event_id,occurred_at,event_type");
        assertThat(lines[1]).contains(",DECIDED,").contains("p1:export-subject-a");

        // The council's IG lead sees what the council was sent, not the GP's delivery nor the denial.
        var scoped = get(COUNCIL_IG_LEAD_KEY, "/api/v1/audit/export?" + range + "&format=csv");
        assertThat(scoped.statusCode()).isEqualTo(200);
        assertThat(scoped.body().split("\r\n")).hasSize(3);
        assertThat(scoped.body()).doesNotContain("gp-test").doesNotContain("p1:export-subject-b")
                .doesNotContain("p1:export-subject-c");
        assertThat(jdbc.queryForList("SELECT criteria FROM audit_reason WHERE event_type = 'EXPORTED'"
                + " AND person = 'council-ig-lead-test'", String.class)).singleElement()
                .asString().startsWith("from=2031-02-03T00:00:00Z to=");

        assertThat(jdbc.queryForList("SELECT outcome FROM ledger_event WHERE event_type = 'EXPORTED'"
                + " AND actor = 'council-ig-lead-test'", String.class)).containsExactly("CSV");
        assertThat(jdbc.queryForList("SELECT outcome FROM ledger_event WHERE event_type = 'EXPORTED'"
                + " AND occurred_at > ?", String.class, java.sql.Timestamp.from(Instant.now().minusSeconds(120))))
                .contains("FHIR", "CSV", "CSV");
    }

    @Test
    void badParametersAreRefusedNamingTheFieldAndNothingIsExported() throws Exception {
        int before = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE event_type = 'EXPORTED'",
                Integer.class);
        var format = get(IG_LEAD_KEY, "/api/v1/audit/export?from=2031-01-01&to=2031-01-02&format=xml");
        var from = get(IG_LEAD_KEY, "/api/v1/audit/export?from=yesterday&to=2031-01-02");
        var order = get(IG_LEAD_KEY, "/api/v1/audit/export?from=2031-01-02&to=2031-01-01");
        var missing = get(IG_LEAD_KEY, "/api/v1/audit/export?from=2031-01-02&reason=" + REASON);
        var noReason = get(IG_LEAD_KEY, "/api/v1/audit/export?from=2031-01-01&to=2031-01-02");

        assertThat(format.statusCode()).isEqualTo(400);
        assertThat(field(format)).isEqualTo("format");
        assertThat(field(from)).isEqualTo("from");
        assertThat(field(order)).isEqualTo("to");
        assertThat(field(missing)).isEqualTo("to");
        assertThat(field(noReason)).isEqualTo("reason");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE event_type = 'EXPORTED'",
                Integer.class)).isEqualTo(before);
        assertThat(get(POLICE_KEY, "/api/v1/audit/export?from=2031-01-01&to=2031-01-02").statusCode()).isEqualTo(403);
    }

    private UUID record(LedgerEvent event) {
        ledger.record(event);
        return event.eventId();
    }

    private static String field(java.net.http.HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        return problem.get("errors").get(0).get("field").asText();
    }
}
