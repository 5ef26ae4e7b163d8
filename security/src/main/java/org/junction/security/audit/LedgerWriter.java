package org.junction.security.audit;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * Appends ledger events. Callers invoke it inside the transaction of the step being recorded,
 * so the record commits or rolls back with the step itself.
 */
public class LedgerWriter {

    /**
     * Told of each event as it is written, inside the recording transaction: a listener that must
     * only see committed steps (metrics, say) defers its work to the commit itself.
     */
    @FunctionalInterface
    public interface Listener {
        void recorded(LedgerEvent event);
    }

    private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);

    private final JdbcTemplate jdbc;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public LedgerWriter(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    /**
     * Records the event unless an event with the same stage key already exists.
     *
     * @return true when written, false when the step had already been recorded
     */
    public boolean record(LedgerEvent event) {
        // Checked before inserting rather than by catching the unique violation: on PostgreSQL a
        // failed statement poisons the surrounding transaction, which holds the business step too.
        if (event.stageKey() != null && exists(event.stageKey())) {
            return false;
        }
        var keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO ledger_event (event_id, stage_key, event_type, occurred_at, actor, tracking_id,
                        sender_partner_id, recipient_partner_id, purpose, outcome, reason_code, generation,
                        correlation_id, basis_kind, basis_codes, agreement_id, agreement_version, flow_id, consent_id,
                        decision_id, decision_maker, data_categories, labels)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    new String[] {"id"});
            ps.setObject(1, event.eventId());
            ps.setString(2, event.stageKey());
            ps.setString(3, event.type().name());
            ps.setObject(4, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
            ps.setString(5, event.actor());
            ps.setObject(6, event.trackingId());
            ps.setString(7, event.senderPartnerId());
            ps.setString(8, event.recipientPartnerId());
            ps.setString(9, event.purpose());
            ps.setString(10, event.outcome());
            ps.setString(11, event.reasonCode());
            ps.setInt(12, event.generation());
            LedgerDetails d = event.details();
            ps.setString(13, d.correlationId());
            ps.setString(14, d.basisKind());
            ps.setString(15, LedgerDetails.joined(d.basisCodes()));
            ps.setString(16, d.agreementId());
            ps.setObject(17, d.agreementVersion(), java.sql.Types.INTEGER);
            ps.setString(18, d.flowId());
            ps.setObject(19, d.consentId());
            ps.setObject(20, d.decisionId());
            ps.setString(21, d.decisionMaker());
            ps.setString(22, LedgerDetails.joined(d.dataCategories()));
            ps.setString(23, LedgerDetails.joined(d.labels()));
            return ps;
        }, keys);
        long id = Objects.requireNonNull(keys.getKey(), "generated ledger id").longValue();
        for (String pseudonym : event.subjectPseudonyms().stream().distinct().toList()) {
            jdbc.update("INSERT INTO ledger_subject (ledger_event_id, pseudonym) VALUES (?, ?)", id, pseudonym);
        }
        for (Listener listener : listeners) {
            try {
                listener.recorded(event);
            } catch (RuntimeException e) {
                // Observers must never fail the business step they watch.
                log.warn("Ledger listener failed on a {} event", event.type(), e);
            }
        }
        return true;
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    private boolean exists(String stageKey) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE stage_key = ?", Integer.class, stageKey);
        return n != null && n > 0;
    }

}
