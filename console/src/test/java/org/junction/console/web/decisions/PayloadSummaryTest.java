package org.junction.console.web.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayloadSummaryTest {

    private static final String BUNDLE = """
            {"resourceType": "Bundle", "type": "message", "entry": [
              {"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Patient", "id": "p1",
                "meta": {"profile": ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"]},
                "text": {"status": "generated", "div": "<div xmlns=\\"http://www.w3.org/1999/xhtml\\"><script>x</script></div>"},
                "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990007101"}],
                "name": [{"family": "Brackenridge", "given": ["Ottilie", "May"]}], "birthDate": "1990-01-01"}},
              {"resource": {"resourceType": "ServiceRequest", "status": "active", "priority": null}}]}
            """;

    @Test
    void eachResourceOfTheBundleIsASectionOfLabelledValues() {
        var sections = PayloadSummary.of(BUNDLE);

        assertThat(sections).extracting(PayloadSummary.Section::title).containsExactly("Patient", "Service request");
        assertThat(sections.get(0).rows()).contains(
                new PayloadSummary.Row("Identifier / Value", "9990007101"),
                new PayloadSummary.Row("Name / Family", "Brackenridge"),
                new PayloadSummary.Row("Name / Given 1", "Ottilie"),
                new PayloadSummary.Row("Name / Given 2", "May"),
                new PayloadSummary.Row("Birth date", "1990-01-01"));
        assertThat(sections.get(1).rows()).containsExactly(new PayloadSummary.Row("Status", "active"));
    }

    @Test
    void theNarrativeAndHousekeepingAreLeftOut() {
        var rows = PayloadSummary.of(BUNDLE).get(0).rows();

        assertThat(rows).noneMatch(r -> r.value().contains("<script>"));
        assertThat(rows).noneMatch(r -> r.label().startsWith("Meta") || r.label().startsWith("Resource type"));
    }

    @Test
    void somethingNotJsonIsShownAsTextAndNothingAsNothing() {
        assertThat(PayloadSummary.of("not json {")).singleElement()
                .satisfies(s -> assertThat(s.rows()).containsExactly(new PayloadSummary.Row("Content", "not json {")));
        assertThat(PayloadSummary.of(null)).isEmpty();
        assertThat(PayloadSummary.of(" ")).isEmpty();
    }
}
