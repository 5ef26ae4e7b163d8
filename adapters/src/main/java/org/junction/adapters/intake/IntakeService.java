package org.junction.adapters.intake;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.junction.mappings.BulkInboundMapper;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.SubjectIdentifier;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.pseudonym.Pseudonymiser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Durable intake: map, encrypt, then commit the idempotency key, the outbox row and the RECEIVED
 * ledger event in one transaction. Only after that commit may a sender be told 2xx, so there is
 * no moment at which an accepted referral exists nowhere.
 */
public class IntakeService {

    public static final String INTAKE_QUEUE = Queues.INTAKE;
    public static final String INTAKE_STAGE = "intake";
    /** The request id travels as this header over HTTP and as a message property over jms. */
    static final String REQUEST_ID_FIELD = "X-Request-ID";
    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);

    private final EnvelopeCipher cipher;
    private final Pseudonymiser pseudonymiser;
    private final OutboxStore store;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final IntakeProperties properties;
    private final OutboxSignal signal;
    private final BundleHandOff handOff;
    private final Clock clock;
    private final List<StoredListener> storedListeners = new CopyOnWriteArrayList<>();
    private final List<BulkRunListener> bulkRunListeners = new CopyOnWriteArrayList<>();
    private final Semaphore turns;
    private final ReentrantLock backlogCounting = new ReentrantLock();
    private volatile long backlogCountedAt;
    private volatile int backlogCount;

    /**
     * Told of each referral inside its intake transaction, so what it writes commits or rolls back
     * with the referral. It must not call out of the process.
     */
    @FunctionalInterface
    public interface StoredListener {
        void stored(Referral referral, String senderPartnerId, Instant receivedAt);
    }

    /**
     * Told of each bulk run once all its good rows are stored (again for a file read twice: the
     * run then has the same batch id and rows), so it must be idempotent.
     */
    @FunctionalInterface
    public interface BulkRunListener {
        void runStored(BulkRun run);
    }

    public IntakeService(EnvelopeCipher cipher, Pseudonymiser pseudonymiser, OutboxStore store,
                         LedgerWriter ledger, TransactionTemplate transactions, IntakeProperties properties,
                         OutboxSignal signal, BundleHandOff handOff, Clock clock) {
        this.cipher = Objects.requireNonNull(cipher);
        this.pseudonymiser = Objects.requireNonNull(pseudonymiser);
        this.store = Objects.requireNonNull(store);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.properties = Objects.requireNonNull(properties);
        this.signal = Objects.requireNonNull(signal);
        this.handOff = Objects.requireNonNull(handOff);
        this.clock = Objects.requireNonNull(clock);
        this.turns = new Semaphore(properties.maxConcurrent(), true);
        this.backlogCountedAt = System.nanoTime() - properties.backlogRecount().toNanos() - 1;
    }

    public void addStoredListener(StoredListener listener) {
        storedListeners.add(Objects.requireNonNull(listener));
    }

    public void addBulkRunListener(BulkRunListener listener) {
        bulkRunListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Accepts one referral from an authenticated sender.
     *
     * @throws org.junction.mappings.problem.MappingException when the body is malformed or breaks a rule;
     *         nothing is stored then
     * @throws IntakeBackpressureException when the outbox backlog is over its bound
     * @throws MappingException also when the request id was accepted before with another body
     */
    public IntakeReceipt accept(String senderPartnerId, IntakeRequest request) {
        takeTurn();
        try {
            return acceptInTurn(senderPartnerId, request);
        } finally {
            turns.release();
        }
    }

    /**
     * A repeat is found by the request's unique key as its row is inserted ({@link #store}): a look
     * for it first cost every referral a statement and a transaction of its own for the few that
     * are repeats. Only where a new referral is refused anyway (the outbox over its bound, a body
     * that does not map) is the earlier request looked for first, so that a sender repeating what
     * was accepted is still told so.
     */
    private IntakeReceipt acceptInTurn(String senderPartnerId, IntakeRequest request) {
        String digest = BodyDigests.of(request.body());
        if (overBacklog()) {
            return repeatOf(senderPartnerId, request.requestId(), digest).orElseThrow(this::backlogRefusal);
        }
        UUID trackingId = UUID.randomUUID();
        Instant receivedAt = clock.instant();
        Bundle bundle;
        try {
            bundle = request.mapper().map(request.body(), new MappingContext(trackingId, senderPartnerId,
                    request.requestId(), request.correlationId(), receivedAt));
        } catch (MappingException refused) {
            return repeatOf(senderPartnerId, request.requestId(), digest).orElseThrow(() -> refused);
        }
        return store(senderPartnerId, request.requestId(), request.correlationId(), trackingId, receivedAt, bundle,
                digest);
    }

    /** The answer to a request id accepted before, if it was. */
    private Optional<IntakeReceipt> repeatOf(String senderPartnerId, String requestId, String digest) {
        return store.findRequest(senderPartnerId, requestId).map(earlier -> repeat(earlier, digest));
    }

    /**
     * A sender that never heard the answer sends the same request again and is told it was taken;
     * the same id over other content is a sender's fault that would otherwise lose the second
     * referral without a word, so it is refused and nothing is stored.
     */
    private static IntakeReceipt repeat(OutboxStore.EarlierRequest earlier, String digest) {
        if (earlier.bodyDigest() != null && !earlier.bodyDigest().equals(digest)) {
            // The earlier referral's tracking id lets a sender whose retry rebuilt the body (a new
            // timestamp, say) see that the referral was in fact accepted, instead of sending it again.
            throw new MappingException(List.of(Violation.rule(REQUEST_ID_FIELD, "was already used for referral "
                    + earlier.trackingId() + " with other content; a new referral needs a new request id")));
        }
        return new IntakeReceipt(earlier.trackingId(), true);
    }

    /**
     * Accepts a bulk file: one referral per good row, each under request id {@code fileId#row}, so
     * a file delivered twice stores nothing twice. Bad rows are reported with their row numbers and
     * do not hold back the good ones.
     *
     * @throws org.junction.mappings.problem.MappingException when the file as a whole cannot be read
     * @throws IntakeBackpressureException when the outbox backlog is over its bound
     */
    public BulkIntakeReceipt acceptBulk(String senderPartnerId, String fileId, String correlationId,
                                        BulkInboundMapper mapper, byte[] body) {
        takeTurn();
        try {
            return acceptBulkInTurn(senderPartnerId, fileId, correlationId, mapper, body);
        } finally {
            turns.release();
        }
    }

    private BulkIntakeReceipt acceptBulkInTurn(String senderPartnerId, String fileId, String correlationId,
                                               BulkInboundMapper mapper, byte[] body) {
        if (overBacklog()) {
            throw backlogRefusal();
        }
        Instant receivedAt = clock.instant();
        var rows = mapper.mapRows(body, row -> new MappingContext(UUID.randomUUID(), senderPartnerId,
                BulkIntakeReceipt.rowRequestId(fileId, row), correlationId, receivedAt));
        // Every row carries its run, so the decide stage knows which rows were sent together.
        UUID batchId = BulkRun.batchId(senderPartnerId, mapper.id(), fileId);
        List<IntakeReceipt> accepted = new ArrayList<>();
        List<BulkIntakeReceipt.RefusedRow> refused = new ArrayList<>();
        List<BulkRun.Row> members = new ArrayList<>();
        for (var row : rows) {
            if (!row.mapped()) {
                refused.add(new BulkIntakeReceipt.RefusedRow(row.rowNumber(), row.violations()));
                continue;
            }
            row.bundle().getMeta().addTag(new Coding(JunctionSystems.BULK_BATCH, batchId.toString(), null));
            String requestId = BulkIntakeReceipt.rowRequestId(fileId, row.rowNumber());
            var earlier = store.findTrackingId(senderPartnerId, requestId);
            Referral referral = Referral.of(row.bundle());
            // Read before the row is stored: from then on its Bundle is the decide stage's.
            List<String> runPseudonyms = RunMarks.pseudonymsOf(pseudonymiser, referral.subjectIdentifiers());
            IntakeReceipt receipt = earlier.isPresent() ? new IntakeReceipt(earlier.get(), true)
                    : store(senderPartnerId, requestId, correlationId, referral.trackingId(), receivedAt, row.bundle(),
                            null);
            accepted.add(receipt);
            members.add(new BulkRun.Row(receipt.trackingId(), runPseudonyms));
        }
        if (!members.isEmpty()) {
            var run = new BulkRun(batchId, senderPartnerId, mapper.id(), fileId, receivedAt, members);
            bulkRunListeners.forEach(l -> l.runStored(run));
        }
        return new BulkIntakeReceipt(fileId, rows.size(), accepted, refused);
    }

    /** Waits for one of the {@code hub.intake.max-concurrent} turns, or refuses with 503. */
    private void takeTurn() {
        boolean taken;
        try {
            taken = turns.tryAcquire(properties.concurrencyWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taken = false;
        }
        if (!taken) {
            throw new IntakeBackpressureException("intake busy", properties.concurrencyWait());
        }
    }

    /**
     * Whether the outbox holds more than its bound (new referrals are then refused with 503). The
     * count is reused for {@code hub.intake.backlog-recount}, and taken by one request at a time
     * while the others go by the last one, so a burst of senders does not scan the outbox once
     * each, and no sender waits for another's count: with the database unreachable a count waits
     * out the pool's whole connection timeout, and senders queued behind it would each wait that
     * long again before their own 503.
     */
    private boolean overBacklog() {
        if (System.nanoTime() - backlogCountedAt >= properties.backlogRecount().toNanos() && backlogCounting.tryLock()) {
            try {
                if (System.nanoTime() - backlogCountedAt >= properties.backlogRecount().toNanos()) {
                    backlogCount = store.backlog();
                    backlogCountedAt = System.nanoTime();
                }
            } finally {
                backlogCounting.unlock();
            }
        }
        return backlogCount >= properties.maxOutboxBacklog();
    }

    private IntakeBackpressureException backlogRefusal() {
        return new IntakeBackpressureException("outbox backlog over its bound", properties.retryAfter());
    }

    private IntakeReceipt store(String senderPartnerId, String requestId, String correlationId, UUID trackingId,
                                Instant receivedAt, Bundle bundle, String bodyDigest) {
        Referral referral = Referral.of(bundle);
        List<String> pseudonyms = pseudonymiser.pseudonymsOf(nhsNumberFirst(referral.subjectIdentifiers()));
        byte[] sealed = cipher.seal(Fhir.toJson(bundle).getBytes(StandardCharsets.UTF_8), associatedData(trackingId));
        var row = new OutboxRow(0, trackingId, INTAKE_QUEUE, DuplicateIds.of(trackingId, INTAKE_STAGE, null, 1),
                senderPartnerId, null, correlationId, 1, referral.purpose(), pseudonyms, sealed, receivedAt,
                Priorities.of(referral));
        var received = LedgerEvent.forReferral(LedgerEventType.RECEIVED, trackingId, senderPartnerId, senderPartnerId,
                null, referral.purpose(), null, null, 1, pseudonyms, receivedAt);
        boolean first;
        try {
            first = Boolean.TRUE.equals(transactions.execute(tx -> {
                if (!store.insertRequest(senderPartnerId, requestId, trackingId, correlationId, receivedAt,
                        urgent(referral), bodyDigest)) {
                    return false; // a repeat: nothing of this request is written
                }
                store.insert(row);
                ledger.record(received);
                storedListeners.forEach(l -> l.stored(referral, senderPartnerId, receivedAt));
                // Last, after everything here that reads the Bundle, and before the commit lets the
                // relay send the message. Should the commit fail, no message carries this envelope and
                // the entry ages out.
                handOff.put(BundleHandOffs.intakeKey(trackingId, 1), sealed, bundle);
                return true;
            }));
        } catch (DuplicateKeyException raced) {
            // The same request id raced in on another connection and won.
            return repeatOf(senderPartnerId, requestId, bodyDigest).orElseThrow(() -> raced);
        }
        if (!first) {
            return repeatOf(senderPartnerId, requestId, bodyDigest).orElseThrow(() -> new IllegalStateException(
                    "a request id of " + senderPartnerId + " was recorded but is not found"));
        }
        log.info("Referral {} received from {} for purpose {}", trackingId, senderPartnerId, referral.purpose());
        signal.outboxWritten();
        return new IntakeReceipt(trackingId, false);
    }

    /**
     * The NHS number first, the rest in their order: the first pseudonym groups the referral's
     * intake message ({@link BrokerHeaders#groupOf}), and the NHS number is the identifier most
     * referrals about one person share, whoever sends them.
     */
    static List<SubjectIdentifier> nhsNumberFirst(List<SubjectIdentifier> identifiers) {
        List<SubjectIdentifier> ordered = new ArrayList<>(identifiers);
        ordered.sort(Comparator.comparing(id -> !JunctionSystems.NHS_NUMBER.equals(id.system())));
        return ordered;
    }

    /** Urgent, asap and stat referrals, and those graded high risk, must not wait behind routine traffic. */
    public static boolean urgent(Referral referral) {
        return Priorities.of(referral) > Priorities.ROUTINE;
    }

    /** Binds an envelope to its referral, so a payload moved onto another referral's row fails to open. */
    public static byte[] associatedData(UUID trackingId) {
        return ("referral|" + trackingId).getBytes(StandardCharsets.UTF_8);
    }

    /** Binds a dispatch envelope to its referral and its one recipient. */
    public static byte[] associatedData(UUID trackingId, String recipientPartnerId) {
        return ("referral|" + trackingId + "|" + recipientPartnerId).getBytes(StandardCharsets.UTF_8);
    }
}
