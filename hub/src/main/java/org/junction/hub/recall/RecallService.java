package org.junction.hub.recall;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.fhir.FhirR4Adapter;
import org.junction.adapters.intake.DuplicateIds;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.OutboxSignal;
import org.junction.adapters.intake.OutboxStore;
import org.junction.adapters.intake.Priorities;
import org.junction.adapters.intake.Queues;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.restjson.RestJsonAdapter;
import org.junction.adapters.webhook.WebhookAdapter;
import org.junction.mappings.cancel.Cancellation;
import org.junction.mappings.fhir.Fhir;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.consent.ConsentCheck;
import org.junction.security.consent.ConsentOutcome;
import org.junction.security.consent.ConsentStore;
import org.junction.security.crypto.EnvelopeCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recalls: a cancellation notice to every recipient that already holds a referral the person has
 * since withdrawn consent for, or its sender has marked entered-in-error or replaced by a
 * corrected version (the corrected version itself is decided and delivered like any referral). The notice is queued
 * like any dispatch (outbox, broker, the recipient's deliver route with its retries, circuit and
 * dead-letter queue), under a tracking id of its own, the recall id, so it has its own request id
 * and file name and is never taken for a repeat of the referral.
 *
 * <p>Work is found by sweeping committed facts rather than by hooks in the steps that record them:
 * a withdrawal stored by any path (the FHIR API, a Consent inside a referral), a delivery that
 * completed just after the withdrawal was checked, a hub restart between the two: the next pass
 * finds it. A recall is requested once per (referral, recipient, cause).
 */
public class RecallService implements org.junction.adapters.recall.RecallAcknowledgements,
        org.junction.adapters.recall.SenderWithdrawals {

    private static final Logger log = LoggerFactory.getLogger(RecallService.class);

    public static final String REQUESTED = "REQUESTED";
    public static final String SENT = "SENT";
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    public static final String FAILED = "FAILED";
    static final String RECALL_STAGE = "recall";
    static final String CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN";
    /** Why an acknowledgement was refused: no recall has that id, or it went to another partner. */
    static final String UNKNOWN_RECALL = "UNKNOWN_RECALL";
    static final String NOT_RECIPIENT = "NOT_RECIPIENT";
    /** Sinks whose delivery is the recipient's own answer (HTTP 2xx, FHIR 201): delivered is acknowledged. */
    static final Set<String> SYNCHRONOUS_SINKS = Set.of(FhirR4Adapter.TYPE, RestJsonAdapter.TYPE, WebhookAdapter.TYPE);

    /** One delivered referral: what a recall needs to name it. */
    record Delivered(UUID trackingId, String recipient, String sender, String purpose, int generation) {
    }

    /**
     * The subjects with a consent refused or made inactive since a time; read every pass, so it
     * must stay served by the indexes of V23 instead of a read of every consent ever recorded.
     */
    static final String REFUSED_SINCE = """
            SELECT DISTINCT subject_pseudonym FROM consent_record
            WHERE recorded_at >= ? AND (provision = 'DENY' OR status = 'INACTIVE')""";

    private final JdbcTemplate jdbc;
    private final OutboxStore outbox;
    private final OutboxSignal signal;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final ConsentStore consents;
    private final ActiveConfig config;
    private final Duration withdrawalWindow;
    private final Clock clock;

    public RecallService(JdbcTemplate jdbc, OutboxStore outbox, OutboxSignal signal, EnvelopeCipher cipher,
                         LedgerWriter ledger, TransactionTemplate transactions, ConsentStore consents,
                         ActiveConfig config, Duration withdrawalWindow, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.outbox = Objects.requireNonNull(outbox);
        this.signal = Objects.requireNonNull(signal);
        this.cipher = Objects.requireNonNull(cipher);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.consents = Objects.requireNonNull(consents);
        this.config = Objects.requireNonNull(config);
        this.withdrawalWindow = Objects.requireNonNull(withdrawalWindow);
        this.clock = Objects.requireNonNull(clock);
    }

    /** One pass: request what is owed, then bring the state of queued recalls up to date. */
    public void pass() {
        int requested = recallWithdrawn() + recallWithdrawnBySender();
        if (requested > 0) {
            signal.outboxWritten();
        }
        track();
    }

    /**
     * Recalls every delivered referral about a subject whose consent for that recipient and purpose
     * is now refused, looking at withdrawals recorded within the window (a withdrawal is read more
     * than once; the unique recall makes that harmless).
     */
    int recallWithdrawn() {
        Instant since = clock.instant().minus(withdrawalWindow);
        List<String> subjects = jdbc.queryForList(REFUSED_SINCE, String.class, utc(since));
        int requested = 0;
        for (String subject : subjects) {
            for (Delivered delivered : deliveredAbout(subject)) {
                List<String> pseudonyms = pseudonymsOf(delivered);
                if (delivered.purpose() == null || ConsentCheck.evaluate(consents.forSubject(pseudonyms),
                        delivered.recipient(), delivered.purpose(), clock.instant()) != ConsentOutcome.CONSENT_REFUSED) {
                    continue;
                }
                if (request(delivered, Cancellation.Cause.WITHDRAWAL, CONSENT_WITHDRAWN, null, pseudonyms, "hub")) {
                    requested++;
                }
            }
        }
        return requested;
    }

    /**
     * Recalls every delivery of a referral its sender took back (entered-in-error, or replaced by a
     * corrected version), late deliveries included.
     */
    int recallWithdrawnBySender() {
        List<Object[]> marked = jdbc.query("""
                SELECT e.tracking_id, e.cause, e.reason_code, e.replaced_by, e.sender_partner_id
                FROM referral_withdrawal e
                WHERE EXISTS (SELECT 1 FROM ledger_event l WHERE l.tracking_id = e.tracking_id
                    AND l.event_type = 'DELIVERED' AND NOT EXISTS (SELECT 1 FROM recall r
                        WHERE r.tracking_id = l.tracking_id AND r.recipient_partner_id = l.recipient_partner_id
                        AND r.cause = e.cause))""",
                (rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getString(5)});
        int requested = 0;
        for (Object[] row : marked) {
            for (Delivered delivered : deliveriesOf((UUID) row[0])) {
                if (request(delivered, Cancellation.Cause.valueOf((String) row[1]), (String) row[2], (UUID) row[3],
                        pseudonymsOf(delivered), (String) row[4])) {
                    requested++;
                }
            }
        }
        return requested;
    }

    /**
     * Marks a referral entered-in-error for its sender and recalls what was delivered. Idempotent:
     * a second mark changes nothing.
     *
     * @return whether this call made the mark
     */
    @Override
    public boolean markEnteredInError(UUID trackingId, String sender, String reasonCode) {
        Instant now = clock.instant();
        Boolean marked;
        try {
            marked = transactions.execute(tx -> {
                Integer known = jdbc.queryForObject("""
                        SELECT COUNT(*) FROM referral_withdrawal WHERE tracking_id = ? AND cause = 'ENTERED_IN_ERROR'""",
                        Integer.class, trackingId);
                if (known != null && known > 0) {
                    return false;
                }
                // Entered-in-error outranks a correction recorded earlier: the referral should never have existed.
                jdbc.update("DELETE FROM referral_withdrawal WHERE tracking_id = ?", trackingId);
                jdbc.update("""
                        INSERT INTO referral_withdrawal (tracking_id, sender_partner_id, cause, reason_code, marked_at)
                        VALUES (?, ?, 'ENTERED_IN_ERROR', ?, ?)""", trackingId, sender, reasonCode, utc(now));
                ledger.record(new LedgerEvent(UUID.randomUUID(), trackingId + "|" + LedgerEventType.ENTERED_IN_ERROR,
                        LedgerEventType.ENTERED_IN_ERROR, now, sender, trackingId, sender, null, purposeOf(trackingId),
                        "ENTERED_IN_ERROR", reasonCode, 1, List.of()));
                return true;
            });
        } catch (DuplicateKeyException concurrent) {
            return false;
        }
        if (Boolean.TRUE.equals(marked) && recallWithdrawnBySender() > 0) {
            signal.outboxWritten();
        }
        return Boolean.TRUE.equals(marked);
    }

    /**
     * Queues one recall, unless one was already requested for this referral, recipient and cause.
     * The recall row, its outbox row and its ledger event commit together.
     */
    boolean request(Delivered delivered, Cancellation.Cause cause, String reasonCode, UUID replacedBy,
                    List<String> pseudonyms, String actor) {
        Instant now = clock.instant();
        UUID recallId = UUID.randomUUID();
        Boolean queued;
        try {
            queued = transactions.execute(tx -> {
                Integer known = jdbc.queryForObject("""
                        SELECT COUNT(*) FROM recall WHERE tracking_id = ? AND recipient_partner_id = ? AND cause = ?""",
                        Integer.class, delivered.trackingId(), delivered.recipient(), cause.name());
                if (known != null && known > 0) {
                    return false;
                }
                String correlationId = jdbc.query("SELECT correlation_id FROM intake_request WHERE tracking_id = ?",
                        (rs, i) -> rs.getString(1), delivered.trackingId()).stream().findFirst().orElse(null);
                Cancellation cancellation = new Cancellation(recallId, delivered.trackingId(), delivered.sender(),
                        correlationId, cause, reasonCode, now, replacedBy);
                jdbc.update("""
                        INSERT INTO recall (recall_id, tracking_id, recipient_partner_id, sender_partner_id, generation, cause,
                            reason_code, replaced_by, requested_at, state)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        recallId, delivered.trackingId(), delivered.recipient(), delivered.sender(), delivered.generation(),
                        cause.name(), reasonCode, replacedBy, utc(now), REQUESTED);
                byte[] json = Fhir.toJson(cancellation.toBundle()).getBytes(StandardCharsets.UTF_8);
                // No subjects on the dispatch: the deliver stage's consent check must not cancel the
                // very notice that tells the recipient consent was withdrawn.
                outbox.insert(new OutboxRow(0, recallId, Queues.dispatch(delivered.recipient()),
                        DuplicateIds.of(recallId, RECALL_STAGE, delivered.recipient(), 1), delivered.sender(),
                        delivered.recipient(), correlationId, 1, delivered.purpose(), List.of(),
                        cipher.seal(json, IntakeService.associatedData(recallId, delivered.recipient())), now,
                        Priorities.URGENT));
                ledger.record(recallEvent(LedgerEventType.RECALL_REQUESTED, recallId, delivered, actor, cause.name(),
                        reasonCode, pseudonyms, now));
                return true;
            });
        } catch (DuplicateKeyException concurrent) {
            // The sweep and a request thread found the same recall owed; the first one stands.
            return false;
        }
        if (Boolean.TRUE.equals(queued)) {
            log.info("Recall {} of referral {} requested for {} ({})", recallId, delivered.trackingId(),
                    delivered.recipient(), cause);
        }
        return Boolean.TRUE.equals(queued);
    }

    /**
     * Reads what the deliver stage recorded for each queued recall's own dispatch: delivered means
     * SENT (and ACKNOWLEDGED for a sink whose delivery is the recipient's answer), failed for good
     * means FAILED.
     */
    void track() {
        List<Object[]> open = jdbc.query("""
                SELECT r.recall_id, r.tracking_id, r.recipient_partner_id, r.sender_partner_id, r.generation, r.cause,
                    r.reason_code, r.state, d.delivered_at, d.response_id,
                    (SELECT MAX(l.reason_code) FROM ledger_event l WHERE l.tracking_id = r.recall_id
                        AND l.event_type = 'DELIVERY_FAILED')
                FROM recall r LEFT JOIN delivery d ON d.tracking_id = r.recall_id
                    AND d.recipient_partner_id = r.recipient_partner_id
                WHERE r.state IN ('REQUESTED', 'SENT')""",
                (rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class), rs.getString(10), rs.getString(11)});
        for (Object[] r : open) {
            UUID recallId = (UUID) r[0];
            Delivered delivered = new Delivered((UUID) r[1], (String) r[2], (String) r[3], null, (Integer) r[4]);
            String state = (String) r[7];
            OffsetDateTime deliveredAt = (OffsetDateTime) r[8];
            String failure = (String) r[10];
            if (deliveredAt != null && REQUESTED.equals(state)) {
                boolean synchronous = config.partners().find(delivered.recipient()).map(Partner::sink)
                        .map(s -> SYNCHRONOUS_SINKS.contains(s.type())).orElse(false);
                transactions.executeWithoutResult(tx -> {
                    // Only from REQUESTED: a recipient's own acknowledgement may have come first.
                    if (jdbc.update("""
                            UPDATE recall SET state = ?, sent_at = ?, acknowledged_at = ?
                            WHERE recall_id = ? AND state = 'REQUESTED'""",
                            synchronous ? ACKNOWLEDGED : SENT, deliveredAt, synchronous ? deliveredAt : null,
                            recallId) == 0) {
                        return;
                    }
                    ledger.record(recallEvent(LedgerEventType.RECALL_SENT, recallId, delivered, "hub", (String) r[5],
                            null, List.of(), deliveredAt.toInstant()));
                    if (synchronous) {
                        ledger.record(recallEvent(LedgerEventType.RECALL_ACKNOWLEDGED, recallId, delivered, "hub",
                                (String) r[5], null, List.of(), deliveredAt.toInstant()));
                    }
                });
            } else if (deliveredAt == null && failure != null) {
                jdbc.update("UPDATE recall SET state = ?, failure_reason = ? WHERE recall_id = ?", FAILED, failure,
                        recallId);
            }
        }
    }

    /**
     * A recipient's acknowledgement over a channel whose delivery is no answer (jms, sftp): every
     * outstanding recall of that partner's named by {@code id} (a recall id, or the recalled
     * referral's tracking id) turns ACKNOWLEDGED. An id naming no recall of this partner's is
     * refused and recorded, whoever's it is, so ids cannot be probed.
     */
    @Override
    public Result acknowledge(String partnerId, UUID id, String channel) {
        Instant now = clock.instant();
        return transactions.execute(tx -> {
            List<Object[]> rows = jdbc.query("""
                    SELECT recall_id, tracking_id, recipient_partner_id, sender_partner_id, generation, cause, state
                    FROM recall WHERE recall_id = ? OR tracking_id = ?""",
                    (rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7)}, id, id);
            List<Object[]> own = rows.stream().filter(r -> partnerId.equals(r[2])).toList();
            if (own.isEmpty()) {
                String reason = rows.isEmpty() ? UNKNOWN_RECALL : NOT_RECIPIENT;
                // No tracking id: the id offered may be nothing, a recall id, or another partner's
                // referral, and a search by tracking id must not list this partner's attempt as
                // part of a referral it has no part in. The reason code stays the searchable reason;
                // the stage key carries a digest of the id offered, so an auditor holding an id can
                // find every attempt at it without the ledger naming another partner's recall.
                UUID eventId = UUID.randomUUID();
                ledger.record(new LedgerEvent(eventId, LedgerEventType.RECALL_ACK_REFUSED + "|" + partnerId + "|"
                        + offeredDigest(id) + "|" + eventId, LedgerEventType.RECALL_ACK_REFUSED, now, partnerId,
                        null, null, partnerId, null, channel, reason, 1, List.of()));
                log.warn("Recall acknowledgement from {} over {} for {} refused ({})", partnerId, channel, id, reason);
                return Result.REFUSED;
            }
            boolean changed = false;
            for (Object[] r : own) {
                if (!REQUESTED.equals(r[6]) && !SENT.equals(r[6])) {
                    continue;
                }
                UUID recallId = (UUID) r[0];
                // Guarded by state: an acknowledgement arriving over two channels at once is recorded once.
                if (jdbc.update("""
                        UPDATE recall SET state = ?, sent_at = COALESCE(sent_at, ?), acknowledged_at = ?
                        WHERE recall_id = ? AND state IN (?, ?)""", ACKNOWLEDGED, utc(now), utc(now), recallId,
                        REQUESTED, SENT) == 0) {
                    continue;
                }
                Delivered d = new Delivered((UUID) r[1], partnerId, (String) r[3], null, (Integer) r[4]);
                ledger.record(recallEvent(LedgerEventType.RECALL_ACKNOWLEDGED, recallId, d, partnerId, (String) r[5],
                        null, List.of(), now));
                log.info("Recall {} acknowledged by {} over {}", recallId, partnerId, channel);
                changed = true;
            }
            return changed ? Result.ACKNOWLEDGED : Result.NOTHING_OUTSTANDING;
        });
    }

    private List<Delivered> deliveredAbout(String pseudonym) {
        return jdbc.query("""
                SELECT DISTINCT e.tracking_id, e.recipient_partner_id, e.sender_partner_id, e.purpose, e.generation
                FROM ledger_event e JOIN ledger_subject s ON s.ledger_event_id = e.id
                WHERE e.event_type = 'DELIVERED' AND s.pseudonym = ?""",
                (rs, i) -> new Delivered(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5)), pseudonym);
    }

    private List<Delivered> deliveriesOf(UUID trackingId) {
        return jdbc.query("""
                SELECT DISTINCT e.tracking_id, e.recipient_partner_id, e.sender_partner_id, e.purpose, e.generation
                FROM ledger_event e WHERE e.event_type = 'DELIVERED' AND e.tracking_id = ?""",
                (rs, i) -> new Delivered(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5)), trackingId);
    }

    private List<String> pseudonymsOf(Delivered delivered) {
        return new ArrayList<>(jdbc.queryForList("""
                SELECT DISTINCT s.pseudonym FROM ledger_event e JOIN ledger_subject s ON s.ledger_event_id = e.id
                WHERE e.event_type = 'DELIVERED' AND e.tracking_id = ? AND e.recipient_partner_id = ?""",
                String.class, delivered.trackingId(), delivered.recipient()));
    }

    private String purposeOf(UUID trackingId) {
        return jdbc.query("SELECT purpose FROM ledger_event WHERE tracking_id = ? AND purpose IS NOT NULL ORDER BY id",
                (rs, i) -> rs.getString(1), trackingId).stream().findFirst().orElse(null);
    }

    /** The sender of a referral, for checking who may mark it. */
    @Override
    public Optional<String> senderOf(UUID trackingId) {
        return outbox.senderOf(trackingId);
    }

    // Keyed by the recall: a referral may be recalled from one recipient for more than one cause.
    private static LedgerEvent recallEvent(LedgerEventType type, UUID recallId, Delivered d, String actor, String cause,
                                           String reasonCode, List<String> pseudonyms, Instant at) {
        return new LedgerEvent(UUID.randomUUID(), recallId + "|" + type, type, at, actor, d.trackingId(), d.sender(),
                d.recipient(), d.purpose(), cause, reasonCode, d.generation(), pseudonyms);
    }

    /** The first 16 hex digits of the SHA-256 of an id offered in an acknowledgement: findable, not readable. */
    static String offeredDigest(UUID id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
