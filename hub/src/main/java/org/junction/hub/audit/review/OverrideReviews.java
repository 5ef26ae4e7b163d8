package org.junction.hub.audit.review;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junction.hub.audit.AuditReasons;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * IG reviews of approved overrides: one per decision, an outcome and, for a concern, a note kept
 * sealed (its digest in the OVERRIDE_REVIEWED event). The caller runs these in a transaction.
 */
public class OverrideReviews {

    public enum Outcome { UPHELD, CONCERN_RAISED }

    public record Review(String outcome, String reviewedBy, Instant reviewedAt) {
    }

    /** What the reviewed override was about, for the ledger event. */
    public record Reviewed(UUID decisionId, UUID trackingId, String sender, String recipient, String purpose,
                           String agreementId, int agreementVersion, String flowId, List<String> pseudonyms) {
    }

    private final JdbcTemplate jdbc;
    private final AuditReasons reasons;
    private final LedgerWriter ledger;

    public OverrideReviews(JdbcTemplate jdbc, AuditReasons reasons, LedgerWriter ledger) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.reasons = Objects.requireNonNull(reasons);
        this.ledger = Objects.requireNonNull(ledger);
    }

    /** Reviews recorded so far, by decision id. */
    public Map<UUID, Review> all() {
        Map<UUID, Review> reviews = new HashMap<>();
        jdbc.query("SELECT decision_id, outcome, reviewed_by, reviewed_at FROM override_review", rs -> {
            reviews.put(rs.getObject(1, UUID.class), new Review(rs.getString(2), rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class).toInstant()));
        });
        return reviews;
    }

    /**
     * Records the review unless the decision already has one; locks nothing itself, so two
     * reviews racing end with the primary key refusing the second.
     *
     * @return the OVERRIDE_REVIEWED event id, or null when already reviewed
     */
    public UUID record(Reviewed item, Outcome outcome, String note, String reviewer, Instant at) {
        Integer already = jdbc.queryForObject("SELECT COUNT(*) FROM override_review WHERE decision_id = ?",
                Integer.class, item.decisionId());
        if (already != null && already > 0) {
            return null;
        }
        UUID eventId = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO override_review (decision_id, outcome, reviewed_by, reviewed_at, event_id)
                VALUES (?, ?, ?, ?, ?)""", item.decisionId(), outcome.name(), reviewer,
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC), eventId);
        String digest = note == null ? null
                : reasons.keep(eventId, LedgerEventType.OVERRIDE_REVIEWED, reviewer, at, outcome.name(), note);
        ledger.record(new LedgerEvent(eventId, null, LedgerEventType.OVERRIDE_REVIEWED, at, reviewer, item.trackingId(),
                item.sender(), item.recipient(), item.purpose(), outcome.name(), digest, 1, item.pseudonyms(),
                new LedgerDetails(null, null, List.of(), item.agreementId(), item.agreementVersion(), item.flowId(),
                        null, item.decisionId(), null, List.of(), List.of())));
        return eventId;
    }
}
