package org.junction.routes.relay;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.OutboxSignal;
import org.junction.adapters.intake.OutboxStore;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.JmsUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed outbox rows to the broker, a batch at a time: the rows are locked, sent in one
 * transacted session with a deterministic duplicate id each, the broker's transaction committed,
 * and only then the rows deleted (with their QUEUED ledger events) in the database transaction that
 * locked them. One broker commit per batch, not a confirmed send per row: each confirmation waits
 * for the broker's journal sync, and those waits were most of the relay's time.
 * <p>
 * A crash between the broker's commit and the database's leaves the rows in place; the resend
 * carries the same duplicate ids and the broker drops them, so each referral is queued once. The
 * broker does not drop a repeat inside a transaction, though: it refuses the whole transaction. A
 * batch whose commit fails (that, or a broker failover during the commit) is therefore sent again
 * row by row in that same pass, with durable blocking sends, where a repeat is dropped on its own.
 * A send or commit the broker holds without an answer (it blocks producers once its disk limit is
 * reached) is abandoned after {@code hub.relay.send-timeout}, so no transaction or row lock is held
 * for as long as the disk stays full: the rows wait in the outbox and move once the broker takes
 * messages again.
 * <p>
 * A row a stage claimed (the decide stage's dispatches, sent in the broker transaction of their
 * intake message) is left alone while the claim lasts. The stage says when the broker has it, and
 * the next pass deletes it with the rows it moved; a claim that runs out unconfirmed (the hub
 * stopped in between) makes the row the relay's to send, without a second QUEUED event.
 */
public class OutboxRelay implements SmartLifecycle, OutboxSignal {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxStore outbox;
    private final JmsTemplate jms;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final RelayProperties properties;
    private final Clock clock;
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final Object passLock = new Object();
    private volatile boolean stopping;
    private volatile ScheduledExecutorService executor;
    private volatile ScheduledFuture<?> poller;
    private volatile ScheduledExecutorService watchdog;
    private final AtomicBoolean blockedReported = new AtomicBoolean();
    private final OutboxMessages messages = new OutboxMessages();
    /**
     * Duplicate ids of claimed rows whose stage has seen the broker commit them: deleted by the next
     * pass, in the statement that deletes the rows it moved.
     */
    private final Queue<String> confirmed = new ConcurrentLinkedQueue<>();

    public OutboxRelay(OutboxStore outbox, JmsTemplate jms, LedgerWriter ledger, TransactionTemplate transactions,
                       RelayProperties properties, Clock clock) {
        this.outbox = Objects.requireNonNull(outbox);
        this.jms = Objects.requireNonNull(jms);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.properties = Objects.requireNonNull(properties);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        stopping = false;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay");
            t.setDaemon(true);
            return t;
        });
        var guard = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "outbox-relay-watchdog");
            t.setDaemon(true);
            return t;
        });
        // A timer per send, nearly all cancelled: left queued, thousands a second would pile up.
        guard.setRemoveOnCancelPolicy(true);
        watchdog = guard;
        long period = properties.pollInterval().toMillis();
        poller = executor.scheduleWithFixedDelay(this::passQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            if (running == null) {
                return;
            }
            // A pass checks this between rows, so a busy outbox cannot hold the stop up.
            stopping = true;
            poller.cancel(false);
            running.shutdown();
            executor = null;
        }
        ScheduledExecutorService guard = watchdog;
        try {
            // Let the batch in flight finish: a half-done batch is safe (its rows are resent with the
            // same duplicate ids), but a finished one is tidier.
            if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.shutdownNow();
        } finally {
            if (guard != null) {
                guard.shutdownNow();
            }
        }
        // Confirmations that came after the last pass.
        deleteConfirmed();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** After the broker and the database: started late, stopped early. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /**
     * Told by a stage that sent claimed rows itself that the broker has committed them (by their
     * duplicate ids): the next pass deletes them, in the statement that deletes the rows it moved.
     * That pass comes with the next row written, or the poller's: a pass of its own would read the
     * outbox once more per referral. A stopped relay has no next pass (the hub stops its relay
     * before the stages finish what they hold), so then they are deleted here, at once. If this is
     * never told (the hub died first), the rows wait out their claim and the relay sends them again,
     * which the broker drops.
     */
    public void sentByStage(List<String> duplicateIds) {
        confirmed.addAll(duplicateIds);
        if (executor == null || stopping) {
            deleteConfirmed();
        }
    }

    @Override
    public void outboxWritten() {
        ScheduledExecutorService running = executor;
        if (running != null && passQueued.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    passQueued.set(false);
                    passQuietly();
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                passQueued.set(false);
            }
        }
    }

    /** Deletes the confirmed claimed rows in a transaction of their own; on failure they wait out their claim. */
    private void deleteConfirmed() {
        List<String> sentByStage = drainConfirmed();
        if (sentByStage.isEmpty()) {
            return;
        }
        try {
            transactions.executeWithoutResult(tx -> outbox.delete(List.of(), sentByStage));
        } catch (RuntimeException e) {
            log.warn("Claimed outbox rows sent by their stage not deleted ({}): the relay sends them again once "
                    + "their claim runs out, and the broker drops the repeat", e.getClass().getSimpleName());
        }
    }

    /**
     * Moves rows until a batch comes back short (the outbox held no more), a send fails or the
     * relay is stopping. Visible for tests that drive the relay by hand.
     */
    public int relayPass() {
        synchronized (passLock) {
            int moved = 0;
            while (!stopping) {
                Batch batch = relayBatch();
                moved += batch.moved();
                // A short batch was all the outbox held when it was read. A row committed after that
                // read is signalled after its commit, which queues another pass behind this one, so
                // reading again would nearly always find the outbox empty: a wasted statement on
                // most passes at a steady rate, where a pass finds a row or two.
                if (batch.read() < properties.batchSize()) {
                    return moved;
                }
            }
            return moved;
        }
    }

    /**
     * Moves a batch in one database transaction and one broker transaction. A commit per row made
     * the database's sync the relay's limit, and a blocking send per row the broker's journal sync:
     * now each is paid once a batch. The broker commits before the database does, so a crash in
     * between leaves rows that were queued; they are sent again under their own duplicate ids, which
     * the broker drops (one relay resending in turn, not two racing). A failure before the broker's
     * commit rolls both back and the rows wait for the next pass.
     */
    private Batch relayBatch() {
        List<String> sentByStage = drainConfirmed();
        try {
            Batch batch = transactions.execute(tx -> {
                // Every node runs a relay over the one outbox. The row locks keep two of them from
                // sending the same row at once: the broker drops a resend by its duplicate id, but
                // two sends racing each other can both pass its check. The second relay waits here
                // and finds the rows gone.
                List<OutboxRow> locked = outbox.lockOldest(properties.batchSize(), clock.instant());
                List<Queued> queued = locked.isEmpty() || stopping ? List.of() : sendAll(locked);
                outbox.delete(queued.stream().map(q -> q.row().id()).toList(), sentByStage);
                // A claimed row's stage recorded its QUEUED event with the row.
                ledger.recordAll(queued.stream().filter(q -> !q.row().claimed()).map(Queued::event).toList());
                return new Batch(locked.size(), queued.size());
            });
            return batch == null ? new Batch(0, 0) : batch;
        } catch (RuntimeException e) {
            confirmed.addAll(sentByStage);
            throw e;
        }
    }

    private List<String> drainConfirmed() {
        List<String> drained = new ArrayList<>();
        for (String id = confirmed.poll(); id != null; id = confirmed.poll()) {
            drained.add(id);
        }
        return drained;
    }

    /** How many rows a batch's transaction read and locked, and how many of them it moved. */
    private record Batch(int read, int moved) {
    }

    /** A row the broker has, with the QUEUED event stamped before it was sent. */
    private record Queued(OutboxRow row, LedgerEvent event) {
    }

    private void passQuietly() {
        try {
            relayPass();
            if (blockedReported.compareAndSet(true, false)) {
                log.info("Broker takes messages again; outbox relay resumed");
            }
        } catch (SendTimedOutException e) {
            if (blockedReported.compareAndSet(false, true)) {
                log.warn("Broker gave no answer to a send within {} (disk limit reached?): outbox rows wait and are retried",
                        properties.sendTimeout());
            }
        } catch (RuntimeException e) {
            // The row stays in the outbox and the next pass retries it; say which kind of failure only.
            log.warn("Outbox relay pass stopped, will retry: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Sends the rows in one transacted session and commits once; returns the rows sent, which are
     * all of them unless the relay is stopping. The session is the connection factory's own rather
     * than the template's: inside the database transaction the template hands out a session bound to
     * it, which is not transacted, and a transacted one would commit only after the database has.
     */
    private List<Queued> sendAll(List<OutboxRow> rows) {
        ConnectionFactory factory = Objects.requireNonNull(jms.getConnectionFactory(), "connection factory");
        // With the caching factory this is its one shared connection (closing it is a no-op) and its
        // cached transacted session, kept apart from the non-transacted ones.
        try (Connection connection = factory.createConnection()) {
            List<Queued> queued = new ArrayList<>(rows.size());
            try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                try {
                    MessageProducer producer = session.createProducer(null);
                    for (OutboxRow row : rows) {
                        if (stopping) {
                            break;
                        }
                        // Stamped before the send: the next stage may record its own event before
                        // this one commits, and the timeline orders by time.
                        queued.add(new Queued(row, OutboxMessages.queuedEvent(row, clock.instant())));
                        Message message = OutboxMessages.of(session, row);
                        jakarta.jms.Queue queue = messages.queue(session, row);
                        // Transacted sends are not confirmed one by one, so only a broker withholding
                        // credits (its disk limit) can hold them, which the watchdog bounds.
                        within(() -> producer.send(queue, message, DeliveryMode.PERSISTENT, row.priority(),
                                Message.DEFAULT_TIME_TO_LIVE));
                    }
                } catch (JMSException | RuntimeException e) {
                    rollbackQuietly(session);
                    throw e;
                }
                try {
                    // One journal sync for the batch; a broker past its disk limit may hold this too.
                    within(session::commit);
                    return queued;
                } catch (JMSException e) {
                    // The broker ignores a whole transaction in which one message repeats a duplicate
                    // id it already has (a row sent just before a crash, resent now): that batch would
                    // fail on every pass and hold the new rows back with it. A failover during the
                    // commit rolls it back, or leaves its outcome unknown. Either way the batch goes
                    // again row by row, where the broker drops a repeat without failing the send.
                    rollbackQuietly(session);
                    log.info("Outbox relay batch of {} rows not committed ({}); sending them one by one",
                            queued.size(), e.getClass().getSimpleName());
                }
            }
            sendOneByOne(connection, queued);
            return queued;
        } catch (JMSException e) {
            throw JmsUtils.convertJmsAccessException(e);
        }
    }

    /** Durable, blocking, non-transacted sends: each is confirmed, and a repeat is dropped, not refused. */
    private void sendOneByOne(Connection connection, List<Queued> queued) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(null);
            for (Queued q : queued) {
                OutboxRow row = q.row();
                Message message = OutboxMessages.of(session, row);
                jakarta.jms.Queue queue = messages.queue(session, row);
                within(() -> producer.send(queue, message, DeliveryMode.PERSISTENT, row.priority(),
                        Message.DEFAULT_TIME_TO_LIVE));
            }
        }
    }

    private static void rollbackQuietly(Session session) {
        try {
            session.rollback();
        } catch (JMSException | RuntimeException e) {
            // Closing the session discards what it held in any case.
            log.debug("Rollback of the relay's broker transaction failed: {}", e.getClass().getSimpleName());
        }
    }

    /** A call to the broker that the watchdog may cut short. */
    @FunctionalInterface
    private interface BrokerCall {
        void run() throws JMSException;
    }

    /**
     * A blocked Artemis producer waits for credits the broker withholds, interruptibly but with no
     * limit of its own, and the client's call timeout does not cover that wait. So a watchdog
     * interrupts this thread once the call has taken longer than allowed. The interrupt is only ever
     * delivered while the call is in progress: the watchdog and this thread agree under one lock on
     * whether the call is still running, and the flag is cleared before the failure leaves here.
     */
    private void within(BrokerCall call) throws JMSException {
        ScheduledExecutorService guard = watchdog;
        if (guard == null || guard.isShutdown()) {
            call.run();
            return;
        }
        var sender = new HeldSend(Thread.currentThread());
        ScheduledFuture<?> timer = guard.schedule(sender::abandon, properties.sendTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            call.run();
        } finally {
            timer.cancel(false);
            if (sender.finish()) {
                Thread.interrupted();
                throw new SendTimedOutException();
            }
        }
    }

    /** One send in progress, which the watchdog may abandon (once) while it lasts. */
    private static final class HeldSend {
        private final Thread sender;
        private boolean done;
        private boolean abandoned;

        HeldSend(Thread sender) {
            this.sender = sender;
        }

        synchronized void abandon() {
            if (!done) {
                abandoned = true;
                done = true;
                sender.interrupt();
            }
        }

        /** Ends the send; true when the watchdog abandoned it (this thread's interrupt is then set). */
        synchronized boolean finish() {
            done = true;
            return abandoned;
        }
    }

    /** The broker held a send past {@code hub.relay.send-timeout}; the row stays for a later pass. */
    static final class SendTimedOutException extends RuntimeException {
        SendTimedOutException() {
            super("broker gave no answer to a send in time", null, false, false);
        }
    }
}
