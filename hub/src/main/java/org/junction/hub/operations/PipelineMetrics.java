package org.junction.hub.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.junction.routes.deliver.PartnerCircuits;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerWriter;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Pipeline counters per partner and stage, fed by the ledger (every step writes an event) and by
 * the partner circuits (transient failures have no ledger event). A step is counted once its
 * transaction commits, so a rolled-back step is not counted. Tags are partner ids, outcomes and
 * reason codes only: never tracking ids or anything about a person.
 */
public class PipelineMetrics implements LedgerWriter.Listener, PartnerCircuits.Listener {

    static final String ACCEPTED = "junction.referrals.accepted";
    static final String DECIDED = "junction.referrals.decided";
    static final String DELIVERED = "junction.referrals.delivered";
    static final String RETRIED = "junction.deliveries.retried";
    static final String DEAD_LETTERED = "junction.referrals.deadlettered";
    static final String LATENCY = "junction.referrals.delivery.latency";
    /** Tag value where a step has no partner of that role (an intake dead letter, say). */
    static final String NONE = "none";

    private static final Duration[] SLO_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
        Duration.ofHours(1), Duration.ofHours(4)};

    /**
     * Acceptances this node recorded, newest kept: most referrals are delivered seconds after they
     * were accepted, and asking the database on each delivery cost a transaction per referral.
     */
    static final int RECENT_ACCEPTANCES = 10_000;

    private final MeterRegistry registry;
    private final Function<UUID, Instant> receivedAt;
    private final Map<UUID, Instant> recentAcceptances = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Instant> eldest) {
            return size() > RECENT_ACCEPTANCES;
        }
    };

    /**
     * @param receivedAt when a referral was accepted, or null when unknown: asked only for one
     *                   accepted by another node, or long enough ago to have left the recent ones
     */
    public PipelineMetrics(MeterRegistry registry, Function<UUID, Instant> receivedAt) {
        this.registry = Objects.requireNonNull(registry);
        this.receivedAt = Objects.requireNonNull(receivedAt);
    }

    @Override
    public void recorded(LedgerEvent event) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count(event);
                }
            });
        } else {
            count(event);
        }
    }

    @Override
    public void transientFailure(String partnerId) {
        Counter.builder(RETRIED).description("Delivery attempts that failed in a way a retry could cure")
                .tag("recipient", tag(partnerId)).register(registry).increment();
    }

    void count(LedgerEvent event) {
        switch (event.type()) {
            case RECEIVED -> {
                Counter.builder(ACCEPTED).description("Referrals accepted from a sender")
                        .tag("sender", tag(event.senderPartnerId())).register(registry).increment();
                if (event.trackingId() != null) {
                    synchronized (recentAcceptances) {
                        recentAcceptances.put(event.trackingId(), event.occurredAt());
                    }
                }
            }
            case DECIDED -> Counter.builder(DECIDED).description("Sharing decisions per recipient")
                    .tag("recipient", tag(event.recipientPartnerId()))
                    .tag("outcome", tag(event.outcome()))
                    .tag("reason", tag(event.reasonCode()))
                    .register(registry).increment();
            case DELIVERED -> {
                String recipient = tag(event.recipientPartnerId());
                Counter.builder(DELIVERED).description("Referrals the recipient's system confirmed")
                        .tag("recipient", recipient).register(registry).increment();
                Instant acceptedAt = event.trackingId() == null ? null : acceptedAt(event.trackingId());
                if (acceptedAt != null && !event.occurredAt().isBefore(acceptedAt)) {
                    Timer.builder(LATENCY).description("Time from acceptance to confirmed delivery")
                            .tag("recipient", recipient)
                            // A few buckets an operator reasons in, not a full histogram per partner.
                            .serviceLevelObjectives(SLO_BUCKETS)
                            .register(registry).record(Duration.between(acceptedAt, event.occurredAt()));
                }
            }
            case DELIVERY_FAILED, INTAKE_FAILED -> Counter.builder(DEAD_LETTERED)
                    .description("Messages sent to a dead-letter queue")
                    .tag("recipient", tag(event.recipientPartnerId()))
                    .tag("reason", tag(event.reasonCode()))
                    .register(registry).increment();
            default -> {
            }
        }
    }

    private Instant acceptedAt(UUID trackingId) {
        Instant recent;
        synchronized (recentAcceptances) {
            recent = recentAcceptances.get(trackingId);
        }
        return recent != null ? recent : receivedAt.apply(trackingId);
    }

    private static String tag(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
