package org.junction.routes.relay;

import jakarta.jms.BytesMessage;
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
 * duplicate id and the broker drops it, so the referral is queued exactly once.
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
    private volatile ScheduledExecutorService executor;
    private volatile ScheduledFuture<?> poller;

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
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay");
            t.setDaemon(true);
            return t;
        });
        long period = properties.pollInterval().toMillis();
        poller = executor.scheduleWithFixedDelay(this::passQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        poller.cancel(false);
        executor.shutdown();
        try {
            // Let a pass in flight finish its row: a half-done row is safe, but a finished one is tidier.
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        executor = null;
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

    /** Moves rows until the outbox is empty or a send fails. Visible for tests that drive the relay by hand. */
    public synchronized int relayPass() {
        int moved = 0;
        while (true) {
            List<OutboxRow> batch = outbox.oldest(properties.batchSize());
            if (batch.isEmpty()) {
                return moved;
            }
            for (OutboxRow row : batch) {
                send(row);
                transactions.executeWithoutResult(tx -> {
                    outbox.delete(row.id());
                    ledger.record(LedgerEvent.forReferral(LedgerEventType.QUEUED, row.trackingId(), "hub",
                            row.senderPartnerId(), row.recipientPartnerId(), row.purpose(), null, null,
                            row.generation(), row.subjectPseudonyms(), clock.instant()));
                });
                moved++;
            }
        }
    }

    private void passQuietly() {
        try {
            relayPass();
        } catch (RuntimeException e) {
            // The row stays in the outbox and the next pass retries it; say which kind of failure only.
            log.warn("Outbox relay pass stopped, will retry: {}", e.getClass().getSimpleName());
        }
    }

    private void send(OutboxRow row) {
        jms.send(row.destination(), session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(row.payload());
            message.setStringProperty(BrokerHeaders.DUPLICATE_ID, row.duplicateId());
            message.setStringProperty(BrokerHeaders.TRACKING_ID, row.trackingId().toString());
            message.setStringProperty(BrokerHeaders.SENDER, row.senderPartnerId());
            message.setStringProperty(BrokerHeaders.PURPOSE, row.purpose());
            message.setStringProperty(BrokerHeaders.SUBJECTS, String.join(",", row.subjectPseudonyms()));
            message.setIntProperty(BrokerHeaders.GENERATION, row.generation());
            if (row.recipientPartnerId() != null) {
                message.setStringProperty(BrokerHeaders.RECIPIENT, row.recipientPartnerId());
            }
            if (row.correlationId() != null) {
                message.setStringProperty(BrokerHeaders.CORRELATION_ID, row.correlationId());
            }
            return message;
        });
    }
}
