package org.junction.hub.audit.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the payload copies the hub holds of referrals that are finished with, once the agreement's
 * hub-transit period has passed, each purge a {@link LedgerEventType#PURGED} event (ids only).
 *
 * <p>Where copies live: the outbox holds one only until the broker has it (so never after delivery);
 * a dead letter sits on the broker until replayed or removed by an operator; the lasting copies are a
 * held decision's sealed referral and minimised payloads, kept so a decision-maker could read them.
 * Those are purged here once the held referral was declined, or approved and then delivered, failed
 * for good or cancelled. The held row itself stays: its ids, codes and decision fields are the
 * record of the decision. A referral's status is read from the ledger, so it is unchanged.
 * Consents are not transit copies (they govern later decisions) and are not purged here.
 */
public class PayloadPurge {

    /** Who purges, in the ledger. */
    public static final String ACTOR = "system:retention";
    /** The reason code of a purge of a held decision's copies. */
    public static final String HELD_COPIES = "HELD_DECISION_COPIES";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final LedgerWriter ledger;
    private final Supplier<AgreementRegistry> agreements;
    private final Period defaultTransit;
    private final int batch;
    private final Clock clock;

    public PayloadPurge(JdbcTemplate jdbc, TransactionTemplate tx, LedgerWriter ledger,
                        Supplier<AgreementRegistry> agreements, Period defaultTransit, int batch, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.tx = Objects.requireNonNull(tx);
        this.ledger = Objects.requireNonNull(ledger);
        this.agreements = Objects.requireNonNull(agreements);
        this.defaultTransit = Objects.requireNonNull(defaultTransit);
        this.batch = batch;
        this.clock = Objects.requireNonNull(clock);
    }

    private record Candidate(UUID id, UUID trackingId, String recipient, String sender, String purpose,
                             int generation, String agreementId, String flowId, List<String> pseudonyms) {
    }

    /** @return how many held referrals' copies were purged */
    public int purgeDue() {
        Instant now = clock.instant();
        // Due is decided in the query, one cut-off per flow (its transit period before now), and the
        // batch cap applies there: a row not yet due, or never finished, costs a pass nothing to carry.
        // Finished: declined (when it was decided), or approved and then delivered, failed or cancelled.
        Map<List<String>, Period> periods = transits();
        List<Object> args = new ArrayList<>();
        StringBuilder cutoff = new StringBuilder("CASE");
        periods.forEach((flow, period) -> {
            cutoff.append(" WHEN h.agreement_id = ? AND h.flow_id = ? THEN CAST(? AS TIMESTAMP WITH TIME ZONE)");
            args.add(flow.get(0));
            args.add(flow.get(1));
            args.add(before(now, period));
        });
        cutoff.append(" ELSE CAST(? AS TIMESTAMP WITH TIME ZONE) END");
        if (periods.isEmpty()) {
            cutoff.setLength(0);
            cutoff.append("CAST(? AS TIMESTAMP WITH TIME ZONE)");
        }
        args.add(before(now, defaultTransit));
        List<Object> all = new ArrayList<>(args);
        all.addAll(args);
        all.add(batch);
        List<Candidate> candidates = jdbc.query("""
                SELECT h.id, h.tracking_id, h.recipient_partner_id, h.sender_partner_id, h.purpose, h.generation,
                       h.agreement_id, h.flow_id, h.subject_pseudonyms
                  FROM held_decision h
                 WHERE h.state <> 'PENDING' AND h.purged_at IS NULL
                   AND ((h.state = 'DECLINED' AND h.decided_at <= %1$s)
                     OR (h.state <> 'DECLINED' AND (SELECT MAX(e.occurred_at) FROM ledger_event e
                          WHERE e.tracking_id = h.tracking_id AND e.recipient_partner_id = h.recipient_partner_id
                            AND e.event_type IN ('DELIVERED', 'DELIVERY_FAILED', 'DELIVERY_CANCELLED')) <= %1$s))
                 ORDER BY h.decided_at, h.id
                 FETCH FIRST ? ROWS ONLY""".formatted(cutoff), (rs, i) -> {
                    String pseudonyms = rs.getString("subject_pseudonyms");
                    return new Candidate(rs.getObject("id", UUID.class), rs.getObject("tracking_id", UUID.class),
                            rs.getString("recipient_partner_id"), rs.getString("sender_partner_id"),
                            rs.getString("purpose"), rs.getInt("generation"), rs.getString("agreement_id"),
                            rs.getString("flow_id"),
                            pseudonyms.isEmpty() ? List.of() : Arrays.asList(pseudonyms.split(",")));
                }, all.toArray());
        int purged = 0;
        for (Candidate c : candidates) {
            Boolean done = tx.execute(status -> purge(c, now));
            if (Boolean.TRUE.equals(done)) {
                purged++;
            }
        }
        return purged;
    }

    /**
     * The latest a copy kept for {@code period} may have finished to be due now. Never earlier than
     * "finished plus period is past": plus is monotone, so finished &lt;= now - period implies it.
     */
    private static OffsetDateTime before(Instant now, Period period) {
        return now.atOffset(ZoneOffset.UTC).minus(period);
    }

    /** Each loaded (agreement, flow)'s hub-transit period: its versions' longest, as {@link #transit} reads it. */
    private Map<List<String>, Period> transits() {
        Map<List<String>, Period> periods = new LinkedHashMap<>();
        agreements.get().flows().forEach(f -> periods.merge(List.of(f.agreement().id(), f.flow().id()),
                f.flow().retention().hubTransit(), (a, b) -> compare(a, b) >= 0 ? a : b));
        return periods;
    }

    /** The flow's hub-transit period; the default when the agreement or flow is no longer loaded. */
    Period transit(String agreementId, String flowId) {
        return agreements.get().flows().stream()
                .filter(f -> f.agreement().id().equals(agreementId) && f.flow().id().equals(flowId))
                .map(f -> f.flow().retention().hubTransit())
                .max(PayloadPurge::compare)
                .orElse(defaultTransit);
    }

    private static int compare(Period a, Period b) {
        Instant base = Instant.EPOCH;
        return base.atOffset(ZoneOffset.UTC).plus(a).compareTo(base.atOffset(ZoneOffset.UTC).plus(b));
    }

    private boolean purge(Candidate c, Instant now) {
        int rows = jdbc.update("""
                UPDATE held_decision SET referral_payload = NULL, minimised_payload = NULL, purged_at = ?
                 WHERE id = ? AND purged_at IS NULL""", OffsetDateTime.ofInstant(now, ZoneOffset.UTC), c.id());
        if (rows != 1) {
            return false;
        }
        ledger.record(LedgerEvent.forReferral(LedgerEventType.PURGED, c.trackingId(), ACTOR, c.sender(), c.recipient(),
                c.purpose(), "PURGED", HELD_COPIES, c.generation(), c.pseudonyms(), now));
        return true;
    }
}
