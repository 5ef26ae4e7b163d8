package org.junction.console.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubjectAccessRenderingTest {

    private static final UUID TRACKING = UUID.fromString("3f0c2b9e-5d41-4c7a-9e0b-2a6d1f8c4b11");

    private static AuditLedger.SubjectAccessReport report(String recipientOrganisation, String agreement) {
        var d = new AuditLedger.Disclosure(TRACKING, "police-test", "police-test", recipientOrganisation, "gp-test",
                "PATSFTY", List.of("REFERRAL", "IDENTITY"), Instant.parse("2026-11-20T10:15:00Z"),
                Instant.parse("2026-11-20T10:15:02Z"), "CONSENT_AGREEMENT", List.of("6(1)(e)"), agreement, 1, null,
                null, null);
        return new AuditLedger.SubjectAccessReport(UUID.randomUUID(), Instant.parse("2026-11-21T09:00:00Z"),
                "ig-police-test", "CSV", List.of(d), 2);
    }

    @Test
    void csvQuotesEveryFieldDoublesQuotesAndDefusesFormulas() {
        String csv = SubjectAccessRendering.csv(report("=HYPERLINK(\"http://evil\")", "-2+3"));
        String[] lines = csv.split("\r\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty();
        assertThat(lines[1]).contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", "\"'-2+3\"",
                "\"2026-11-20 10:15:02 UTC\"", "\"REFERRAL IDENTITY\"");
        assertThat(csv).as("the withheld count is for the IG lead, not the printed report").doesNotContain("withheld");
    }

    @Test
    void theConsolesRowsAreTheCsvsFieldsBeforeQuotingAndDefusing() {
        var report = report("gp-test", "police-health");
        List<String> titles = SubjectAccessRendering.titles();
        List<List<String>> rows = SubjectAccessRendering.rows(report);
        String[] lines = SubjectAccessRendering.csv(report).split("\r\n");
        assertThat(lines[0]).isEqualTo("\"" + String.join("\",\"", titles) + "\"");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).hasSize(titles.size());
        assertThat(lines[1]).isEqualTo("\"" + String.join("\",\"", rows.get(0)) + "\"");
        assertThat(rows.get(0)).startsWith(TRACKING.toString(), "police-test", "police-test", "gp-test", "gp-test",
                "PATSFTY", "REFERRAL IDENTITY", "2026-11-20 10:15:00 UTC");
    }

    @Test
    void htmlEscapesWhatItPrints() {
        String html = SubjectAccessRendering.html(report("<script>alert(1)</script>", "police-health"));
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;", TRACKING.toString(), "1 disclosure ")
                .doesNotContainIgnoringCase("withheld");
    }

    @Test
    void searchParametersAreReadWithEachFaultNamedAndNoValueEchoed() {
        Map<String, String> params = new HashMap<>(Map.of("nhsNumber", "999 000 3009", "eventType", "decided",
                "from", "2026-11-20", "to", "2026-11-20", "size", "20"));
        List<AuditRequests.FieldError> errors = new ArrayList<>();
        var criteria = AuditRequests.search(params, errors);
        assertThat(errors).isEmpty();
        assertThat(criteria.subject().value()).isEqualTo("9990003009");
        assertThat(criteria.subject().toString()).doesNotContain("9990003009");
        assertThat(criteria.eventType()).isEqualTo("DECIDED");
        assertThat(criteria.to()).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
        assertThat(criteria.summary()).isEqualTo("subject=NHS_NUMBER eventType=DECIDED from=2026-11-20T00:00:00Z "
                + "to=2026-11-21T00:00:00Z page=0 size=20");

        errors.clear();
        AuditRequests.search(Map.of("nhsNumber", "9990003010", "councilId", "C-77", "basisKind", "HUNCH",
                "page", "-1"), errors);
        assertThat(errors).extracting(AuditRequests.FieldError::field)
                .containsExactlyInAnyOrder("councilId", "basisKind", "page");
        assertThat(errors).extracting(AuditRequests.FieldError::reason).noneMatch(r -> r.contains("C-77"));

        errors.clear();
        var police = AuditRequests.subject(Map.of("policeId", "N 4471", "issuer", "police-test"), true, errors);
        assertThat(errors).isEmpty();
        assertThat(police.system()).isEqualTo("https://fhir.junction-hub.org/Id/police-nominal/police-test");
        errors.clear();
        AuditRequests.subject(Map.of(), true, errors);
        assertThat(errors).extracting(AuditRequests.FieldError::field).containsExactly("nhsNumber");
    }

    @Test
    void theFileHeadersNameTheExportEventAndCarryTheWithheldCountBesideTheReport() {
        var report = report("gp-test", "police-health");
        var csv = AuditSearchController.reportHeaders(report, true);
        assertThat(csv.getFirst("Content-Type")).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.getFirst("Cache-Control")).isEqualTo("no-store");
        assertThat(csv.getFirst("Content-Disposition"))
                .isEqualTo("attachment; filename=\"subject-access-" + report.exportEventId() + ".csv\"");
        assertThat(csv.getFirst(AuditSearchController.WITHHELD_HEADER)).isEqualTo("2");
        assertThat(csv.getFirst(AuditSearchController.EXPORT_EVENT_HEADER)).isEqualTo(report.exportEventId().toString());

        var html = AuditSearchController.reportHeaders(report, false);
        assertThat(html.getFirst("Content-Type")).isEqualTo("text/html;charset=UTF-8");
        assertThat(html.getFirst("Content-Disposition"))
                .isEqualTo("inline; filename=\"subject-access-" + report.exportEventId() + ".html\"");
    }
}
