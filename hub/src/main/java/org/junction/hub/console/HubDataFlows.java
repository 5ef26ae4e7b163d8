package org.junction.hub.console;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.partner.Partner;
import org.junction.console.web.flows.DataFlows;
import org.junction.security.identity.Person;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Organisation-to-organisation sharing from the ledger: each permitting decision (DECIDED with
 * outcome PERMIT, which carries the purpose and basis kind) and whether its delivery followed, in
 * one grouped query by partner; partners are then folded into the organisations they belong to.
 */
public class HubDataFlows implements DataFlows {

    private final JdbcTemplate jdbc;
    private final ActiveConfig config;

    public HubDataFlows(JdbcTemplate jdbc, ActiveConfig config) {
        this.jdbc = jdbc;
        this.config = config;
    }

    @Override
    public List<FlowCount> since(Person viewer, Instant since) {
        Map<List<String>, long[]> byOrganisation = new LinkedHashMap<>();
        jdbc.query("""
                SELECT d.sender_partner_id, d.recipient_partner_id, d.purpose, d.basis_kind, COUNT(*), COUNT(x.id)
                FROM ledger_event d
                LEFT JOIN ledger_event x ON x.event_type = 'DELIVERED' AND x.tracking_id = d.tracking_id
                    AND x.recipient_partner_id = d.recipient_partner_id AND x.generation = d.generation
                WHERE d.event_type = 'DECIDED' AND d.outcome = 'PERMIT' AND d.occurred_at >= ?
                    AND d.sender_partner_id IS NOT NULL AND d.recipient_partner_id IS NOT NULL
                GROUP BY d.sender_partner_id, d.recipient_partner_id, d.purpose, d.basis_kind""",
                rs -> {
                    String sender = organisation(rs.getString(1));
                    String recipient = organisation(rs.getString(2));
                    if (viewer.sees(sender) || viewer.sees(recipient)) {
                        long[] sums = byOrganisation.computeIfAbsent(List.of(sender, recipient,
                                orEmpty(rs.getString(3)), orEmpty(rs.getString(4))), k -> new long[2]);
                        sums[0] += rs.getLong(5);
                        sums[1] += rs.getLong(6);
                    }
                },
                OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
        List<FlowCount> counts = new ArrayList<>();
        byOrganisation.forEach((key, sums) -> counts.add(new FlowCount(key.get(0), key.get(1), key.get(2), key.get(3),
                sums[0], sums[1])));
        counts.sort(java.util.Comparator.comparingLong(FlowCount::permitted).reversed());
        return counts;
    }

    /** A partner no longer configured keeps its id: only hub-wide people see its past flows. */
    private String organisation(String partnerId) {
        return config.partners().find(partnerId).map(Partner::organisation).orElse(partnerId);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
