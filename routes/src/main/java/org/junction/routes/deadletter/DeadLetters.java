package org.junction.routes.deadletter;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.Queues;
import org.junction.routes.decide.DecideService;
import org.junction.routes.deliver.DeliveryService;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.sharing.SharingDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dead-letter queues, for admins: what sits there (ids, reason codes and times; never a
 * payload), and replay. A replay is not a resend: it is a new generation of the dispatch that must
 * pass the decision in force now, so a subject who withdrew consent since is not shared with; and a
 * referral the recipient already confirmed is not sent again unless the admin forces it. Each
 * replay is recorded with who asked and why.
 */
public class DeadLetters {

    /** One dead-lettered message. */
    public record Entry(String messageId, String queue, UUID trackingId, String recipient, Integer generation,
                        String reasonCode, Instant deadLetteredAt, boolean replayable) {
    }

    public enum Outcome {
        /** Decided again and permitted: queued for delivery as a new generation. */
        REPLAYED,
        /** Decided again and denied: nothing will be sent. */
        DENIED,
        /** The recipient already confirmed this referral; left in place (use force to send again). */
        ALREADY_DELIVERED,
        /** Not a dispatch (an intake message that can never be decided) or a recall's cancellation notice: left in place. */
        NOT_REPLAYABLE,
        NOT_FOUND
    }

    /** The reason a dead-lettered cancellation notice is not replayed. */
    public static final String RECALL_NOT_REPLAYABLE = "RECALL_NOT_REPLAYABLE";

    public record Result(String messageId, Outcome outcome, UUID trackingId, String recipient, Integer generation,
                         String reasonCode) {
    }

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final String DISPATCH_DEAD_LETTERS = Queues.deadLetter(Queues.dispatch(""));

    private final JmsTemplate jms;
    private final Supplier<Collection<String>> recipients;
    private final DeliveryService deliveries;
    private final DecideService decide;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final LedgerWriter ledger;
    private final Clock clock;

    /** @param recipients the partners the hub delivers to now: their dead-letter queues are the ones listed */
    public DeadLetters(ConnectionFactory connections, Supplier<Collection<String>> recipients, DeliveryService deliveries,
                       DecideService decide, JdbcTemplate jdbc, TransactionTemplate transactions, LedgerWriter ledger,
                       Clock clock) {
        this.jms = new JmsTemplate(connections);
        this.jms.setSessionTransacted(true);
        this.recipients = recipients;
        this.deliveries = deliveries;
        this.decide = decide;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.ledger = ledger;
        this.clock = clock;
    }

    public List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        for (String queue : queues()) {
            entries.addAll(jms.browse(queue, (session, browser) -> entries(queue, browser)));
        }
        return entries;
    }

    /** @param reason why, in the admin's words: kept with the replay record, never logged */
    public Result replay(String messageId, String reason, boolean force, String caller) {
        Optional<Entry> found = list().stream().filter(e -> e.messageId().equals(messageId)).findFirst();
        if (found.isEmpty()) {
            return new Result(messageId, Outcome.NOT_FOUND, null, null, null, null);
        }
        Entry entry = found.get();
        if (!entry.replayable()) {
            return new Result(messageId, Outcome.NOT_REPLAYABLE, entry.trackingId(), null, null, entry.reasonCode());
        }
        if (isRecall(entry.trackingId())) {
            // A cancellation notice is not a referral: there is no decision to take again, and
            // re-sending it is not built yet. Refused plainly; the recall list shows it FAILED.
            return new Result(messageId, Outcome.NOT_REPLAYABLE, entry.trackingId(), entry.recipient(),
                    entry.generation(), RECALL_NOT_REPLAYABLE);
        }
        Optional<Result> earlier = earlierReplay(messageId);
        if (earlier.isEmpty() && !force && deliveries.deliveredInAnyGeneration(entry.trackingId(), entry.recipient())) {
            return new Result(messageId, Outcome.ALREADY_DELIVERED, entry.trackingId(), entry.recipient(),
                    entry.generation(), null);
        }
        // Taken off the queue in a broker transaction committed only after the database one: a
        // crash in between leaves the message, and its replay record makes a repeat harmless.
        Result result = jms.execute(session -> {
            var consumer = session.createConsumer(session.createQueue(entry.queue()),
                    "JMSMessageID = '" + messageId.replace("'", "''") + "'");
            try {
                Message message = consumer.receive(2_000);
                if (message == null) {
                    return new Result(messageId, Outcome.NOT_FOUND, null, null, null, null);
                }
                byte[] envelope = body(message);
                Result done = earlier.orElseGet(() -> redecide(entry, envelope, reason, force, caller));
                session.commit();
                return done;
            } finally {
                consumer.close();
            }
        }, true);
        if (result.outcome() == Outcome.REPLAYED) {
            decide.outboxWritten();
        }
        log.info("Dead letter {} of referral {} for {} replayed by {}: {}", messageId, entry.trackingId(),
                entry.recipient(), caller, result.outcome());
        return result;
    }

    private Result redecide(Entry entry, byte[] envelope, String reason, boolean force, String caller) {
        byte[] bundle = deliveries.open(entry.trackingId(), entry.recipient(), envelope);
        Instant now = clock.instant();
        return transactions.execute(tx -> {
            Integer latest = jdbc.queryForObject("""
                    SELECT MAX(generation) FROM sharing_decision WHERE tracking_id = ? AND recipient_partner_id = ?""",
                    Integer.class, entry.trackingId(), entry.recipient());
            int generation = (latest == null ? entry.generation() : Math.max(latest, entry.generation())) + 1;
            SharingDecision decision = decide.redecide(entry.trackingId(), entry.recipient(), generation, bundle, caller);
            Outcome outcome = decision.permits() ? Outcome.REPLAYED : Outcome.DENIED;
            jdbc.update("""
                    INSERT INTO dead_letter_replay (message_id, tracking_id, recipient_partner_id, from_generation,
                        to_generation, outcome, reason, forced, replayed_by, replayed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    entry.messageId(), entry.trackingId(), entry.recipient(), entry.generation(), generation,
                    outcome.name(), reason, force, caller, Timestamp.from(now));
            ledger.record(LedgerEvent.forReferral(LedgerEventType.DEAD_LETTER_REPLAYED, entry.trackingId(), caller,
                    null, entry.recipient(), null, outcome.name(), force ? "FORCED" : entry.reasonCode(), generation,
                    List.of(), now));
            return new Result(entry.messageId(), outcome, entry.trackingId(), entry.recipient(), generation,
                    decision.reasonCode());
        });
    }

    /** Whether a dead-lettered dispatch is a recall's cancellation notice (its tracking id is the recall's). */
    private boolean isRecall(UUID trackingId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM recall WHERE recall_id = ?", Integer.class, trackingId);
        // A rejection notice or forwarded feedback to a sender is no referral either: nothing to decide again.
        Integer notices = jdbc.queryForObject("SELECT COUNT(*) FROM rejection_notice WHERE notice_id = ?",
                Integer.class, trackingId);
        Integer forwards = jdbc.queryForObject("SELECT COUNT(*) FROM feedback_forward WHERE notice_id = ?",
                Integer.class, trackingId);
        return (n != null && n > 0) || (notices != null && notices > 0) || (forwards != null && forwards > 0);
    }

    private Optional<Result> earlierReplay(String messageId) {
        return jdbc.query("""
                SELECT tracking_id, recipient_partner_id, to_generation, outcome FROM dead_letter_replay
                WHERE message_id = ?""",
                (rs, i) -> new Result(messageId, Outcome.valueOf(rs.getString(4)), rs.getObject(1, UUID.class),
                        rs.getString(2), rs.getInt(3), null), messageId).stream().findFirst();
    }

    private List<String> queues() {
        List<String> queues = new ArrayList<>();
        queues.add(Queues.deadLetter(Queues.INTAKE));
        recipients.get().stream().sorted().map(id -> Queues.deadLetter(Queues.dispatch(id))).forEach(queues::add);
        return queues;
    }

    private static List<Entry> entries(String queue, QueueBrowser browser) throws JMSException {
        List<Entry> entries = new ArrayList<>();
        for (Object item : Collections.list(browser.getEnumeration())) {
            Message message = (Message) item;
            boolean dispatch = queue.startsWith(DISPATCH_DEAD_LETTERS);
            String generation = message.getStringProperty(BrokerHeaders.GENERATION);
            String trackingId = message.getStringProperty(BrokerHeaders.TRACKING_ID);
            entries.add(new Entry(message.getJMSMessageID(), queue,
                    trackingId == null ? null : UUID.fromString(trackingId),
                    dispatch ? queue.substring(DISPATCH_DEAD_LETTERS.length()) : null,
                    generation == null ? (dispatch ? 1 : null) : Integer.valueOf(generation),
                    message.getStringProperty(BrokerHeaders.FAILURE_REASON),
                    message.getJMSTimestamp() == 0 ? null : Instant.ofEpochMilli(message.getJMSTimestamp()),
                    dispatch && trackingId != null));
        }
        return entries;
    }

    private static byte[] body(Message message) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return body;
        }
        return message.getBody(byte[].class);
    }
}
