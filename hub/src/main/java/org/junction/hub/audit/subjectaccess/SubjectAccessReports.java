package org.junction.hub.audit.subjectaccess;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junction.console.audit.AuditLedger;
import org.junction.hub.audit.AuditReasons;
import org.junction.hub.audit.AuditScope;
import org.junction.hub.audit.search.LedgerSearch;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerSearchSql;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.identity.Person;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Subject access reports: every disclosure about one person, as the ledger records it. A
 * disclosure is a PERMIT decision (which carries its basis, agreement, consent, decision-maker,
 * categories and labels) together with the delivery of that referral, recipient and generation:
 * a permitted referral that never arrived disclosed nothing.
 *
 * <p>A disclosure its source labelled RESTRICTED_DISCLOSURE is left out until the source's IG lead
 * releases it; each one left out is a DISCLOSURE_WITHHELD event, so the source can see who asked.
 */
public class SubjectAccessReports {

    private static final Logger log = LoggerFactory.getLogger(SubjectAccessReports.class);

    private final JdbcTemplate jdbc;
    private final LedgerSearch search;
    private final AuditScope scope;
    private final AuditReasons reasons;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public SubjectAccessReports(JdbcTemplate jdbc, LedgerSearch search, AuditScope scope, AuditReasons reasons,
                                LedgerWriter ledger, TransactionTemplate transactions, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.search = Objects.requireNonNull(search);
        this.scope = Objects.requireNonNull(scope);
        this.reasons = Objects.requireNonNull(reasons);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    private record Found(AuditLedger.Disclosure disclosure, int generation, boolean restricted, boolean released) {
    }

    public AuditLedger.SubjectAccessReport report(AuditLedger.Subject subject, String format, String reason,
                                                  Person caller) {
        List<String> pseudonyms = search.pseudonymsOf(subject);
        List<Object> args = new ArrayList<>(pseudonyms);
        String sql = """
                SELECT d.tracking_id, d.sender_partner_id, d.recipient_partner_id, d.purpose, d.occurred_at,
                    (SELECT MIN(v.occurred_at) FROM ledger_event v WHERE v.tracking_id = d.tracking_id
                        AND v.event_type = 'DELIVERED' AND v.recipient_partner_id = d.recipient_partner_id
                        AND v.generation = d.generation),
                    d.generation, d.basis_kind, d.basis_codes, d.agreement_id, d.agreement_version,
                    d.consent_id, d.decision_id, d.decision_maker, d.data_categories, d.labels, r.tracking_id
                FROM ledger_event d
                LEFT JOIN disclosure_release r ON r.tracking_id = d.tracking_id
                WHERE d.event_type = 'DECIDED' AND d.outcome = 'PERMIT'
                    AND EXISTS (SELECT 1 FROM ledger_event v WHERE v.tracking_id = d.tracking_id
                        AND v.event_type = 'DELIVERED' AND v.recipient_partner_id = d.recipient_partner_id
                        AND v.generation = d.generation)
                    AND d.id IN (SELECT s.ledger_event_id FROM ledger_subject s WHERE s.pseudonym IN (%s))"""
                .formatted(LedgerSearchSql.marks(pseudonyms.size()))
                + scope.condition(caller, "d", args) + " ORDER BY d.occurred_at, d.id";
        List<Found> found = jdbc.query(sql, (rs, i) -> {
            String sender = rs.getString(2);
            String recipient = rs.getString(3);
            List<String> labels = LedgerDetailsText.split(rs.getString(16));
            var d = new AuditLedger.Disclosure(rs.getObject(1, UUID.class), scope.organisationOf(sender), sender,
                    scope.organisationOf(recipient), recipient, rs.getString(4),
                    LedgerDetailsText.split(rs.getString(15)), rs.getObject(5, OffsetDateTime.class).toInstant(),
                    rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(8),
                    LedgerDetailsText.split(rs.getString(9)), rs.getString(10), (Integer) rs.getObject(11),
                    rs.getObject(12, UUID.class), rs.getObject(13, UUID.class), rs.getString(14));
            return new Found(d, rs.getInt(7), labels.contains(LedgerDetails.RESTRICTED_DISCLOSURE),
                    rs.getObject(17) != null);
        }, args.toArray());
        List<AuditLedger.Disclosure> shown = found.stream().filter(f -> !f.restricted() || f.released())
                .map(Found::disclosure).toList();
        List<Found> withheld = found.stream().filter(f -> f.restricted() && !f.released()).toList();

        UUID eventId = UUID.randomUUID();
        Instant now = clock.instant();
        String criteria = "subject=" + subject.kind() + " format=" + format;
        transactions.executeWithoutResult(tx -> {
            String digest = reasons.keep(eventId, LedgerEventType.EXPORTED, caller.id(), now, criteria, reason);
            ledger.record(new LedgerEvent(eventId, null, LedgerEventType.EXPORTED, now, caller.id(), null, null, null,
                    null, format, digest, 1, pseudonyms));
            for (Found f : withheld) {
                // The reason code names the report that left it out, so the source can find who asked and why.
                ledger.record(new LedgerEvent(UUID.randomUUID(), null, LedgerEventType.DISCLOSURE_WITHHELD, now,
                        caller.id(), f.disclosure().trackingId(), f.disclosure().sender(), f.disclosure().recipient(),
                        f.disclosure().purpose(), "WITHHELD", eventId.toString(), f.generation(), pseudonyms));
            }
        });
        log.info("Subject access report {} by {}: {} disclosures shown, {} withheld ({})", eventId, caller.id(),
                shown.size(), withheld.size(), format);
        return new AuditLedger.SubjectAccessReport(eventId, now, caller.id(), format, shown, withheld.size());
    }

    /**
     * Only an IG lead of the organisation that sent the referral releases it: the restriction was
     * the source's call. A hub-wide IG lead of another organisation may not make it for them.
     */
    public AuditLedger.Release release(UUID trackingId, String reason, Person caller) {
        record Decided(String sender, String recipient, List<String> labels) {
        }
        List<Decided> decided = jdbc.query("""
                SELECT sender_partner_id, recipient_partner_id, labels FROM ledger_event
                WHERE tracking_id = ? AND event_type = 'DECIDED' AND outcome = 'PERMIT'""",
                (rs, i) -> new Decided(rs.getString(1), rs.getString(2), LedgerDetailsText.split(rs.getString(3))),
                trackingId);
        var own = scope.partnersOf(caller);
        boolean visible = own.isEmpty() || decided.stream()
                .anyMatch(d -> own.get().contains(d.sender()) || own.get().contains(d.recipient()));
        if (decided.isEmpty() || !visible) {
            return new AuditLedger.Release(AuditLedger.ReleaseResult.NOT_FOUND, trackingId, null);
        }
        String sender = decided.get(0).sender();
        if (decided.stream().noneMatch(d -> d.labels().contains(LedgerDetails.RESTRICTED_DISCLOSURE))) {
            return new AuditLedger.Release(AuditLedger.ReleaseResult.NOT_RESTRICTED, trackingId, null);
        }
        if (caller.organisation() == null || !caller.organisation().equals(scope.organisationOf(sender))) {
            return new AuditLedger.Release(AuditLedger.ReleaseResult.NOT_SOURCE, trackingId, null);
        }
        UUID eventId = UUID.randomUUID();
        Instant now = clock.instant();
        Set<String> pseudonyms = new LinkedHashSet<>(jdbc.queryForList("""
                SELECT s.pseudonym FROM ledger_subject s JOIN ledger_event e ON e.id = s.ledger_event_id
                WHERE e.tracking_id = ? AND e.event_type = 'DECIDED'""", String.class, trackingId));
        Boolean released;
        try {
            released = transactions.execute(tx -> {
                Integer already = jdbc.queryForObject("SELECT COUNT(*) FROM disclosure_release WHERE tracking_id = ?",
                        Integer.class, trackingId);
                if (already != null && already > 0) {
                    return false;
                }
                jdbc.update("INSERT INTO disclosure_release (tracking_id, released_by, released_at, event_id) VALUES (?, ?, ?, ?)",
                        trackingId, caller.id(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC), eventId);
                String digest = reasons.keep(eventId, LedgerEventType.DISCLOSURE_RELEASED, caller.id(), now, null, reason);
                ledger.record(new LedgerEvent(eventId, null, LedgerEventType.DISCLOSURE_RELEASED, now, caller.id(),
                        trackingId, sender, null, null, "RELEASED", digest, 1, List.copyOf(pseudonyms)));
                return true;
            });
        } catch (org.springframework.dao.DuplicateKeyException releasedMeanwhile) {
            released = false;
        }
        if (!Boolean.TRUE.equals(released)) {
            return new AuditLedger.Release(AuditLedger.ReleaseResult.ALREADY_RELEASED, trackingId, null);
        }
        log.info("Restricted disclosure of referral {} released by {} ({})", trackingId, caller.id(), eventId);
        return new AuditLedger.Release(AuditLedger.ReleaseResult.RELEASED, trackingId, eventId);
    }

    /** Enough for a page; a source with more waiting has a backlog a list will not clear. */
    static final int MAX_AWAITING = 500;

    /**
     * The label as a whole word of the space-separated labels column, as {@link #report} reads it:
     * escaped, since its {@code _} would otherwise match any character. {@code !} is named as the
     * escape character so the pattern means the same on H2 and PostgreSQL whatever their settings.
     */
    private static final String RESTRICTED_LABEL_LIKE = "% " + likeLiteral(LedgerDetails.RESTRICTED_DISCLOSURE) + " %";

    /** Permitted, delivered, restricted and not released; its one parameter is {@link #RESTRICTED_LABEL_LIKE}. */
    private static final String AWAITING_WHERE = """
            FROM ledger_event d
            WHERE d.event_type = 'DECIDED' AND d.outcome = 'PERMIT'
                AND (' ' || d.labels || ' ') LIKE ? ESCAPE '!'
                AND NOT EXISTS (SELECT 1 FROM disclosure_release r WHERE r.tracking_id = d.tracking_id)
                AND EXISTS (SELECT 1 FROM ledger_event v WHERE v.tracking_id = d.tracking_id
                    AND v.event_type = 'DELIVERED' AND v.recipient_partner_id = d.recipient_partner_id
                    AND v.generation = d.generation)
            """;

    /**
     * Restricted disclosures the caller's own organisation sent and has not released, newest first,
     * one per referral (release is per referral), with how often reports have left each out; at
     * most {@value #MAX_AWAITING} referrals, saying whether there were more.
     */
    public AuditLedger.AwaitingList awaitingRelease(Person caller) {
        List<String> own = scope.ownPartners(caller);
        if (own.isEmpty()) {
            return new AuditLedger.AwaitingList(List.of(), MAX_AWAITING, false);
        }
        List<Object> args = new ArrayList<>();
        args.add(RESTRICTED_LABEL_LIKE);
        args.addAll(own);
        args.add(MAX_AWAITING + 1);
        // Referrals first, so the limit counts referrals rather than their recipients' rows.
        List<UUID> referrals = jdbc.query("SELECT d.tracking_id " + AWAITING_WHERE
                + "    AND d.sender_partner_id IN (" + LedgerSearchSql.marks(own.size()) + ")"
                + " GROUP BY d.tracking_id ORDER BY MAX(d.occurred_at) DESC, d.tracking_id DESC LIMIT ?",
                (rs, i) -> rs.getObject(1, UUID.class), args.toArray());
        boolean more = referrals.size() > MAX_AWAITING;
        List<UUID> shown = more ? referrals.subList(0, MAX_AWAITING) : referrals;
        Map<UUID, AuditLedger.AwaitingRelease> found = awaiting(shown, own);
        // One released between the two queries is simply no longer listed.
        return new AuditLedger.AwaitingList(shown.stream().map(found::get).filter(Objects::nonNull).toList(),
                MAX_AWAITING, more);
    }

    /** One referral as {@link #awaitingRelease(Person)} would list it; empty when it would not. */
    public Optional<AuditLedger.AwaitingRelease> awaitingRelease(UUID trackingId, Person caller) {
        List<String> own = scope.ownPartners(caller);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(awaiting(List.of(trackingId), own).get(trackingId));
    }

    private Map<UUID, AuditLedger.AwaitingRelease> awaiting(List<UUID> referrals, List<String> own) {
        if (referrals.isEmpty()) {
            return Map.of();
        }
        List<Object> args = new ArrayList<>();
        args.add(RESTRICTED_LABEL_LIKE);
        args.addAll(own);
        args.addAll(referrals);
        String sql = """
                SELECT d.tracking_id, d.sender_partner_id, d.recipient_partner_id, d.purpose, d.occurred_at,
                    (SELECT COUNT(*) FROM ledger_event w WHERE w.tracking_id = d.tracking_id
                        AND w.event_type = 'DISCLOSURE_WITHHELD'),
                    (SELECT MAX(w.occurred_at) FROM ledger_event w WHERE w.tracking_id = d.tracking_id
                        AND w.event_type = 'DISCLOSURE_WITHHELD')
                """ + AWAITING_WHERE
                + "    AND d.sender_partner_id IN (" + LedgerSearchSql.marks(own.size()) + ")"
                + " AND d.tracking_id IN (" + LedgerSearchSql.marks(referrals.size()) + ")"
                + " ORDER BY d.occurred_at DESC, d.id DESC";
        Map<UUID, AuditLedger.AwaitingRelease> byReferral = new LinkedHashMap<>();
        jdbc.query(sql, rs -> {
            UUID trackingId = rs.getObject(1, UUID.class);
            OffsetDateTime last = rs.getObject(7, OffsetDateTime.class);
            var row = new AuditLedger.AwaitingRelease(trackingId, rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getInt(6), last == null ? null : last.toInstant());
            // A referral sent to several recipients is released once: their names are listed together.
            byReferral.merge(trackingId, row, (kept, more) -> List.of(kept.recipient().split(", "))
                    .contains(more.recipient()) ? kept
                    : new AuditLedger.AwaitingRelease(trackingId, kept.sender(), kept.recipient() + ", "
                            + more.recipient(), kept.purpose(), kept.decidedAt(), kept.timesWithheld(),
                            kept.lastWithheld()));
        }, args.toArray());
        return byReferral;
    }

    /** A LIKE pattern matching {@code text} literally, with {@code !} as the escape character. */
    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** Reads the space-separated code lists of ledger columns. */
    private static final class LedgerDetailsText {
        static List<String> split(String stored) {
            return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split(" "));
        }
    }
}
