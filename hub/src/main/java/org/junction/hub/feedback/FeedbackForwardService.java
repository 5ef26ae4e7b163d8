package org.junction.hub.feedback;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.feedback.OutcomeIntake;
import org.junction.adapters.intake.DuplicateIds;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.OutboxSignal;
import org.junction.adapters.intake.OutboxStore;
import org.junction.adapters.intake.Priorities;
import org.junction.adapters.intake.Queues;
import org.junction.adapters.partner.Partner;
import org.junction.hub.notices.SweepBound;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.notice.FeedbackNotice;
import org.junction.mappings.outcome.Outcome;
import org.junction.mappings.outcome.OutcomeModel;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.decision.FeedbackPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forwards each recipient's feedback (an outcome the hub linked to a referral it delivered to that
 * recipient) to the referral's sender, along the reverse flow of the agreement the referral went
 * out under: {@link FeedbackPolicy} decides on the agreement id, version and flow recorded with the
 * PERMIT, and under STATUS_ONLY (or a referral decided without an agreement) the recipient's own
 * words are dropped. A sender with a sink gets it as a dispatch of its own (outbox, broker, retries,
 * dead-letter queue); one without reads the status and code in the referral's timeline, where the
 * outcome already shows. Swept from stored outcomes, so every channel an outcome comes by (FHIR,
 * REST, jms, files) is forwarded alike.
 */
public class FeedbackForwardService {

    private static final Logger log = LoggerFactory.getLogger(FeedbackForwardService.class);

    public static final String QUEUED = "QUEUED";
    public static final String STATUS_VIEW = "STATUS_VIEW";
    static final String FEEDBACK_STAGE = "feedback";

    record Stored(UUID outcomeId, UUID trackingId, String recipient, String referrer, String status, String code,
                  Instant decidedAt, byte[] payload) {
    }

    private final JdbcTemplate jdbc;
    private final OutboxStore outbox;
    private final OutboxSignal signal;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final ActiveConfig config;
    private final Supplier<AgreementRegistry> agreements;
    private final SweepBound bound;
    private final Clock clock;

    public FeedbackForwardService(JdbcTemplate jdbc, OutboxStore outbox, OutboxSignal signal, EnvelopeCipher cipher,
                                  LedgerWriter ledger, TransactionTemplate transactions, ActiveConfig config,
                                  Supplier<AgreementRegistry> agreements, Duration window, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.outbox = Objects.requireNonNull(outbox);
        this.signal = Objects.requireNonNull(signal);
        this.cipher = Objects.requireNonNull(cipher);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.config = Objects.requireNonNull(config);
        this.agreements = Objects.requireNonNull(agreements);
        this.bound = new SweepBound(window, clock);
        this.clock = Objects.requireNonNull(clock);
    }

    /** One pass: every outcome not yet forwarded (see {@link SweepBound} for how far back a pass reads). */
    public int pass() {
        List<Stored> waiting = jdbc.query("""
                SELECT o.outcome_id, o.referral_tracking_id, o.sender_partner_id, o.referrer_partner_id, o.task_status,
                    o.outcome_code, o.decided_at, o.payload
                FROM referral_outcome o
                WHERE o.received_at >= ? AND NOT EXISTS (SELECT 1 FROM feedback_forward f WHERE f.outcome_id = o.outcome_id)
                ORDER BY o.received_at""",
                (rs, i) -> new Stored(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class) == null ? null
                                : rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getBytes(8)),
                OffsetDateTime.ofInstant(bound.from(), ZoneOffset.UTC));
        int queued = 0;
        for (Stored s : waiting) {
            try {
                if (forward(s)) {
                    queued++;
                }
            } catch (RuntimeException e) {
                log.warn("Feedback {} on referral {} not forwarded, will retry: {}", s.outcomeId(), s.trackingId(),
                        e.getClass().getSimpleName());
            }
        }
        if (queued > 0) {
            signal.outboxWritten();
        }
        return queued;
    }

    /** What the reverse flow of the referral's PERMIT for this recipient lets through. */
    FeedbackPolicy.Allowed allowed(UUID trackingId, String recipient) {
        return jdbc.query("""
                SELECT agreement_id, agreement_version, flow_id FROM sharing_decision
                WHERE tracking_id = ? AND recipient_partner_id = ? AND outcome = 'PERMIT' AND agreement_id IS NOT NULL
                ORDER BY generation DESC""",
                (rs, i) -> FeedbackPolicy.allowed(agreements.get(), rs.getString(1), rs.getInt(2), rs.getString(3),
                        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)), trackingId, recipient)
                .stream().findFirst().orElse(FeedbackPolicy.Allowed.STATUS_ONLY);
    }

    boolean forward(Stored s) {
        FeedbackPolicy.Allowed allowed = allowed(s.trackingId(), s.recipient());
        String correlationId = jdbc.query("SELECT correlation_id FROM intake_request WHERE tracking_id = ?",
                (rs, i) -> rs.getString(1), s.trackingId()).stream().findFirst().orElse(null);
        String purpose = jdbc.query(
                "SELECT purpose FROM ledger_event WHERE tracking_id = ? AND purpose IS NOT NULL ORDER BY id",
                (rs, i) -> rs.getString(1), s.trackingId()).stream().findFirst().orElse("UNKNOWN");
        boolean receives = config.partners().find(s.referrer()).map(Partner::receives).orElse(false);
        UUID noticeId = UUID.randomUUID();
        Instant now = clock.instant();
        String state = receives ? QUEUED : STATUS_VIEW;
        try {
            transactions.executeWithoutResult(tx -> {
                jdbc.update("""
                        INSERT INTO feedback_forward (outcome_id, notice_id, tracking_id, referrer_partner_id, allowed,
                            state, forwarded_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                        s.outcomeId(), noticeId, s.trackingId(), s.referrer(), allowed.name(), state,
                        OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                if (receives) {
                    FeedbackNotice notice = notice(s, noticeId, correlationId, allowed);
                    byte[] json = Fhir.toJson(notice.toBundle()).getBytes(StandardCharsets.UTF_8);
                    outbox.insert(new OutboxRow(0, noticeId, Queues.dispatch(s.referrer()),
                            DuplicateIds.of(noticeId, FEEDBACK_STAGE, s.referrer(), 1), s.referrer(), s.referrer(),
                            correlationId, 1, purpose, List.of(),
                            cipher.seal(json, IntakeService.associatedData(noticeId, s.referrer())), now,
                            Priorities.ROUTINE));
                }
                ledger.record(new LedgerEvent(UUID.randomUUID(), "feedback|" + s.outcomeId(),
                        LedgerEventType.FEEDBACK_FORWARDED, now, "hub", s.trackingId(), s.referrer(), s.recipient(),
                        purpose, allowed.name(), s.code(), 1, List.of()));
            });
        } catch (DuplicateKeyException concurrent) {
            return false;
        }
        log.info("Feedback {} on referral {} forwarded to {} ({}, {})", s.outcomeId(), s.trackingId(), s.referrer(),
                allowed, state);
        return receives;
    }

    private FeedbackNotice notice(Stored s, UUID noticeId, String correlationId, FeedbackPolicy.Allowed allowed) {
        FeedbackNotice codes = new FeedbackNotice(noticeId, s.trackingId(), s.referrer(), correlationId, s.status(),
                s.code(), s.decidedAt(), null, null);
        if (allowed != FeedbackPolicy.Allowed.FREE_TEXT) {
            return codes;
        }
        // Opened only when its words may go on: the sealed outcome is the one place they are kept.
        byte[] json = cipher.open(s.payload(), OutcomeIntake.associatedData(s.outcomeId()));
        OutcomeModel model = Outcome.of(Fhir.parseBundle(new String(json, StandardCharsets.UTF_8))).model();
        return new FeedbackNotice(noticeId, s.trackingId(), s.referrer(), correlationId, s.status(), s.code(),
                s.decidedAt(), model.reason(), model.nextSteps());
    }
}
