package org.junction.routes.relay;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.OutboxSignal;
import org.junction.adapters.intake.OutboxStore;
import org.junction.adapters.intake.Queues;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves committed outbox rows to the broker. Each row is sent as a durable, blocking send with a
 * deterministic duplicate id, and deleted (with its QUEUED ledger event) only after the broker
 * has confirmed it. A crash between the two leaves the row in place; the resend carries the same
 * duplicate id and the broker drops it, so the referral is queued exactly once. A send cut short by
 * a broker failover fails the same way and is resent by the next pass. A send the broker holds
 * without an answer (it blocks producers once its disk limit is reached) is abandoned after
 * {@code hub.relay.send-timeout}, so no transaction or row lock is held for as long as the disk stays
 * full: the rows wait in the outbox and move once the broker takes messages again.
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
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay-watchdog");
            t.setDaemon(true);
            return t;
        });
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
            // Let the row in flight finish: a half-done row is safe (it is resent with the same
            // duplicate id), but a finished one is tidier.
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

    /**
     * Moves rows until the outbox is empty, a send fails or the relay is stopping. Visible for
     * tests that drive the relay by hand.
     */
    public int relayPass() {
        synchronized (passLock) {
            int moved = 0;
            while (!stopping) {
                List<OutboxRow> batch = outbox.oldest(properties.batchSize());
                if (batch.isEmpty()) {
                    return moved;
                }
                moved += relay(batch);
            }
            return moved;
        }
    }

    /**
     * Moves a batch in one transaction. A commit per row made the database's sync, not the broker,
     * the relay's limit once every commit reaches the disk. A failure part-way rolls the whole
     * batch back; each row is sent again later under its own duplicate id, and the broker drops
     * those it already has (one relay resending in turn, not two racing).
     */
    private int relay(List<OutboxRow> batch) {
        Integer moved = transactions.execute(tx -> {
            int n = 0;
            for (OutboxRow row : batch) {
                if (stopping) {
                    break;
                }
                // Stamped before the send: the next stage may record its own event before this one
                // commits, and the timeline orders by time.
                var queued = LedgerEvent.forReferral(LedgerEventType.QUEUED, row.trackingId(), "hub",
                        row.senderPartnerId(), row.recipientPartnerId(), row.purpose(), null, null, row.generation(),
                        row.subjectPseudonyms(), clock.instant());
                // Every node runs a relay over the one outbox. The row lock keeps two of them from
                // sending the same row at once: the broker drops a resend by its duplicate id, but
                // two sends racing each other can both pass its check. The second relay waits here
                // and finds the row gone.
                if (!outbox.lock(row.id())) {
                    continue;
                }
                send(row);
                outbox.delete(row.id());
                ledger.record(queued);
                n++;
            }
            return n;
        });
        return moved == null ? 0 : moved;
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

    private void send(OutboxRow row) {
        jms.execute(session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(row.payload());
            message.setStringProperty(BrokerHeaders.DUPLICATE_ID, row.duplicateId());
            message.setStringProperty(BrokerHeaders.TRACKING_ID, row.trackingId().toString());
            message.setStringProperty(BrokerHeaders.SENDER, row.senderPartnerId());
            message.setStringProperty(BrokerHeaders.PURPOSE, row.purpose());
            message.setStringProperty(BrokerHeaders.SUBJECTS, BrokerHeaders.joinSubjects(row.subjectPseudonyms()));
            message.setIntProperty(BrokerHeaders.GENERATION, row.generation());
            if (row.recipientPartnerId() != null) {
                message.setStringProperty(BrokerHeaders.RECIPIENT, row.recipientPartnerId());
            }
            if (Queues.INTAKE.equals(row.destination())) {
                message.setStringProperty(BrokerHeaders.GROUP_ID,
                        BrokerHeaders.groupOf(row.trackingId(), row.subjectPseudonyms()));
            }
            if (row.correlationId() != null) {
                message.setStringProperty(BrokerHeaders.CORRELATION_ID, row.correlationId());
            }
            // The priority is the message's own, so the producer is too: a template sets one for all.
            MessageProducer producer = session.createProducer(session.createQueue(row.destination()));
            try {
                sendWithin(producer, message, row.priority());
            } finally {
                producer.close();
            }
            return null;
        }, true);
    }

    /**
     * A blocked Artemis producer waits for credits the broker withholds, interruptibly but with no
     * limit of its own, and the client's call timeout does not cover that wait. So a watchdog
     * interrupts this thread once the send has taken longer than allowed. The interrupt is only ever
     * delivered while the send is in progress: the watchdog and this thread agree under one lock on
     * whether the send is still running, and the flag is cleared before the failure leaves here.
     */
    private void sendWithin(MessageProducer producer, Message message, int priority) throws jakarta.jms.JMSException {
        ScheduledExecutorService guard = watchdog;
        if (guard == null || guard.isShutdown()) {
            producer.send(message, DeliveryMode.PERSISTENT, priority, Message.DEFAULT_TIME_TO_LIVE);
            return;
        }
        var sender = new HeldSend(Thread.currentThread());
        ScheduledFuture<?> timer = guard.schedule(sender::abandon, properties.sendTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            producer.send(message, DeliveryMode.PERSISTENT, priority, Message.DEFAULT_TIME_TO_LIVE);
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
