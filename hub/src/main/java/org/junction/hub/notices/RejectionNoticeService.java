package org.junction.hub.notices;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.intake.DuplicateIds;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.OutboxSignal;
import org.junction.adapters.intake.OutboxStore;
import org.junction.adapters.intake.Priorities;
import org.junction.adapters.intake.Queues;
import org.junction.adapters.partner.Partner;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.notice.RejectionNotice;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells senders their referrals were refused. Each pass reads the DENY decisions that have no notice
 * yet (within the window, or all of them when a full sweep is due: see {@link SweepBound}) and, per
 * (referral, generation, reason), records one notice:
 * queued to the sender's own sink like any dispatch (outbox, broker, its deliver route with retries
 * and dead-letter queue) under a tracking id of its own, or, for a sender the hub cannot deliver
 * to, kept for the referral's status view, where its ledger event shows the reason code.
 *
 * <p>One per reason rather than per recipient: the sender needs to know why, and a count of refused
 * recipients would tell it how many others were asked, which its agreement may not let it know. For
 * the same reason the notice never names a recipient.
 *
 * <p>Swept from committed decisions rather than hooked into the decide stage, so every path that
 * records a DENY (first decision, a held referral declined, a replay refused) tells the sender,
 * and a restart in between loses nothing.
 */
public class RejectionNoticeService {

    private static final Logger log = LoggerFactory.getLogger(RejectionNoticeService.class);

    public static final String QUEUED = "QUEUED";
    public static final String STATUS_ONLY = "STATUS_ONLY";
    static final String NOTICE_STAGE = "rejection";
    static final String UNKNOWN_PURPOSE = "UNKNOWN";

    /** A refusal owed a notice. */
    record Owed(UUID trackingId, int generation, String reasonCode, Instant decidedAt) {
    }

    private final JdbcTemplate jdbc;
    private final OutboxStore outbox;
    private final OutboxSignal signal;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final ActiveConfig config;
    private final SweepBound bound;
    private final Clock clock;

    public RejectionNoticeService(JdbcTemplate jdbc, OutboxStore outbox, OutboxSignal signal, EnvelopeCipher cipher,
                                  LedgerWriter ledger, TransactionTemplate transactions, ActiveConfig config,
                                  Duration window, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.outbox = Objects.requireNonNull(outbox);
        this.signal = Objects.requireNonNull(signal);
        this.cipher = Objects.requireNonNull(cipher);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.config = Objects.requireNonNull(config);
        this.bound = new SweepBound(window, clock);
        this.clock = Objects.requireNonNull(clock);
    }

    /** One pass: a notice for every refusal read that has none. */
    public int pass() {
        List<Owed> owed = jdbc.query("""
                SELECT d.tracking_id, d.generation, d.reason_code, MIN(d.decided_at) FROM sharing_decision d
                WHERE d.outcome = 'DENY' AND d.decided_at >= ? AND NOT EXISTS (SELECT 1 FROM rejection_notice n
                    WHERE n.tracking_id = d.tracking_id AND n.generation = d.generation AND n.reason_code = d.reason_code)
                GROUP BY d.tracking_id, d.generation, d.reason_code""",
                (rs, i) -> new Owed(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()),
                OffsetDateTime.ofInstant(bound.from(), ZoneOffset.UTC));
        int queued = 0;
        for (Owed o : owed) {
            try {
                if (notify(o)) {
                    queued++;
                }
            } catch (RuntimeException e) {
                // One notice that cannot be recorded must not hold back every other sender's.
                log.warn("Rejection notice for referral {} generation {} not recorded, will retry: {}",
                        o.trackingId(), o.generation(), e.getClass().getSimpleName());
            }
        }
        if (queued > 0) {
            signal.outboxWritten();
        }
        return queued;
    }

    /** @return whether a notice was queued to the sender's sink */
    boolean notify(Owed owed) {
        var request = jdbc.query("SELECT sender_partner_id, correlation_id FROM intake_request WHERE tracking_id = ?",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, owed.trackingId()).stream().findFirst();
        if (request.isEmpty()) {
            return false;
        }
        String sender = request.get()[0];
        String correlationId = request.get()[1];
        // The dispatch row needs one; the notice is about the referral sent for it.
        String purpose = jdbc.query(
                "SELECT purpose FROM ledger_event WHERE tracking_id = ? AND purpose IS NOT NULL ORDER BY id",
                (rs, i) -> rs.getString(1), owed.trackingId()).stream().findFirst().orElse(UNKNOWN_PURPOSE);
        boolean receives = config.partners().find(sender).map(Partner::receives).orElse(false);
        Instant now = clock.instant();
        UUID noticeId = UUID.randomUUID();
        Boolean done;
        try {
            done = transactions.execute(tx -> {
                jdbc.update("""
                        INSERT INTO rejection_notice (notice_id, tracking_id, generation, reason_code, sender_partner_id,
                            state, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                        noticeId, owed.trackingId(), owed.generation(), owed.reasonCode(), sender,
                        receives ? QUEUED : STATUS_ONLY, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                if (receives) {
                    RejectionNotice notice = new RejectionNotice(noticeId, owed.trackingId(), sender, correlationId,
                            owed.generation(), owed.reasonCode(), owed.decidedAt());
                    byte[] json = Fhir.toJson(notice.toBundle()).getBytes(StandardCharsets.UTF_8);
                    // No subjects: the notice is about the sender's own message, and
                    // the deliver stage's consent check has nothing to say about it.
                    outbox.insert(new OutboxRow(0, noticeId, Queues.dispatch(sender),
                            DuplicateIds.of(noticeId, NOTICE_STAGE, sender, 1), sender, sender, correlationId, 1, purpose,
                            List.of(), cipher.seal(json, IntakeService.associatedData(noticeId, sender)), now,
                            Priorities.URGENT));
                }
                // Keyed by referral, generation and reason: the notice's own identity.
                ledger.record(new LedgerEvent(UUID.randomUUID(), owed.trackingId() + "|" + LedgerEventType.REJECTION_NOTICE
                        + "|" + owed.generation() + "|" + owed.reasonCode(), LedgerEventType.REJECTION_NOTICE, now, "hub",
                        owed.trackingId(), sender, null, null, receives ? QUEUED : STATUS_ONLY, owed.reasonCode(),
                        owed.generation(), List.of()));
                return receives;
            });
        } catch (DuplicateKeyException concurrent) {
            return false;
        }
        log.info("Rejection notice {} for referral {} generation {} ({}): {}", noticeId, owed.trackingId(),
                owed.generation(), owed.reasonCode(), Boolean.TRUE.equals(done) ? QUEUED : STATUS_ONLY);
        return Boolean.TRUE.equals(done);
    }
}
