package org.junction.console.web.flows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junction.console.agreements.AgreementAdministration;
import org.junction.console.agreements.AgreementAdministration.AgreementView;
import org.junction.console.agreements.AgreementAdministration.FlowView;
import org.junction.console.web.ConsolePaths;
import org.junction.mappings.csv.CsvCells;
import org.junction.security.identity.Person;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * For an IG lead: where their organisation's information went in the last 30 days (every
 * organisation's when hub-wide), as a Sankey diagram over an accessible table of the same counts,
 * and the record of processing activities the agreements in force amount to, also as CSV.
 */
@Controller
public class FlowsPage {

    static final String PATH = ConsolePaths.ROOT + "/flows";
    static final Duration WINDOW = Duration.ofDays(30);
    static final List<String> ROPA_COLUMNS = List.of("Agreement", "Version", "Flow", "From", "To", "Purposes",
            "Data categories", "Lawful basis", "Consent rule", "Recipient retention", "Hub transit retention",
            "Audit log retention", "Disposal", "Expires");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataFlows flows;
    private final AgreementAdministration agreements;
    private final Clock clock;

    public FlowsPage(DataFlows flows, AgreementAdministration agreements, Clock clock) {
        this.flows = flows;
        this.agreements = agreements;
        this.clock = clock;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasRole('IG_LEAD')")
    public String flows(@AuthenticationPrincipal Person viewer, Model model) throws JsonProcessingException {
        List<DataFlows.FlowCount> counts = flows.since(viewer, clock.instant().minus(WINDOW));
        model.addAttribute("counts", counts);
        model.addAttribute("days", WINDOW.toDays());
        model.addAttribute("sankey", JSON.writeValueAsString(sankey(counts)));
        model.addAttribute("ropa", ropa(viewer));
        model.addAttribute("ropaColumns", ROPA_COLUMNS);
        return "console/flows";
    }

    @GetMapping(path = PATH + "/record-of-processing.csv")
    @PreAuthorize("hasRole('IG_LEAD')")
    public ResponseEntity<byte[]> ropaCsv(@AuthenticationPrincipal Person viewer) {
        StringBuilder csv = new StringBuilder();
        line(csv, ROPA_COLUMNS);
        ropa(viewer).forEach(row -> line(csv, row));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("record-of-processing.csv").build().toString())
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One row per flow of each agreement in force that the viewer may see, in {@link #ROPA_COLUMNS} order. */
    List<List<String>> ropa(Person viewer) {
        List<List<String>> rows = new ArrayList<>();
        for (AgreementView agreement : agreements.agreements(viewer).agreements()) {
            if (!"IN_FORCE".equals(agreement.standing())) {
                continue;
            }
            for (FlowView flow : agreement.flows()) {
                var retention = flow.retention();
                rows.add(List.of(agreement.id(), String.valueOf(agreement.version()), flow.id(), flow.from(), flow.to(),
                        String.join(" ", flow.purposes()), String.join(" ", flow.dataCategories()),
                        String.join(" ", flow.lawfulBasis()), flow.consentRule(),
                        retention == null ? "" : retention.recipient(), retention == null ? "" : retention.hubTransit(),
                        retention == null ? "" : retention.auditLog(), retention == null ? "" : retention.disposal(),
                        String.valueOf(agreement.expires())));
            }
        }
        return rows;
    }

    /**
     * The diagram's nodes and links: a sender's organisation and a recipient's are separate nodes
     * (a Sankey draws no cycles), links summed over purpose and basis, which the table keeps apart.
     */
    static Map<String, Object> sankey(List<DataFlows.FlowCount> counts) {
        Set<String> nodes = new LinkedHashSet<>();
        Map<List<String>, Long> links = new LinkedHashMap<>();
        for (DataFlows.FlowCount count : counts) {
            String from = count.senderOrganisation() + " (sends)";
            String to = count.recipientOrganisation() + " (receives)";
            nodes.add(from);
            nodes.add(to);
            links.merge(List.of(from, to), count.permitted(), Long::sum);
        }
        List<Map<String, Object>> linkList = new ArrayList<>();
        links.forEach((ends, value) -> linkList.add(Map.of("source", ends.get(0), "target", ends.get(1), "value", value)));
        return Map.of("nodes", nodes.stream().map(n -> Map.of("name", n)).toList(), "links", linkList);
    }

    /** RFC 4180: every field quoted; a leading formula character defused for spreadsheets. */
    private static void line(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(CsvCells.alwaysQuoted(fields.get(i)));
        }
        csv.append("\r\n");
    }
}
