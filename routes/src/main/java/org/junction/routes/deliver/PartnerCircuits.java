package org.junction.routes.deliver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether each partner's deliver route may consume, and the means to stop it without burning
 * attempts. A partner that keeps failing in a way a retry could cure (connection refused, timeout,
 * 5xx, 408, 429) has its circuit opened: its consumer is suspended, so its messages wait on the
 * broker untouched, and after the open interval (or the partner's Retry-After, when longer) one
 * probe is let through; a success closes the circuit, a failure opens it again. An admin may pause
 * a partner by hand (a planned outage, say), which holds until resumed, across restarts. Other
 * partners are never affected: each has its own consumers.
 *
 * <p>Suspending and resuming run on a thread of their own: a route cannot wait for its own
 * exchange to finish from inside it.
 */
public class PartnerCircuits implements AutoCloseable {

    public enum State { CLOSED, OPEN, HALF_OPEN, PAUSED }

    /** Whether one delivery may go: {@code PROBE} is the half-open circuit's one delivery in flight. */
    public enum Admission { GO, PROBE, HOLD }

    /** A manual pause, as recorded. */
    public record Pause(String partnerId, String pausedBy, Instant pausedAt) {
    }

    /** Observes circuits (metrics, alerts); called on the thread that made the change, outside any lock. */
    public interface Listener {
        default void transientFailure(String partnerId) {
        }

        default void stateChanged(String partnerId, State state) {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PartnerCircuits.class);
    private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final CamelContext camel;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final LedgerWriter ledger;
    private final DeliveryProperties settings;
    private final Clock clock;
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "junction-partner-circuits");
        thread.setDaemon(true);
        return thread;
    });

    private static final class Circuit {
        State state = State.CLOSED;
        int consecutiveFailures;
        /** Raised on every opening, so that a probe scheduled for an earlier opening does nothing. */
        long opening;
        /** A half-open circuit's probe is in flight: the partner's other consumers wait for its verdict. */
        boolean probeOut;
    }

    public PartnerCircuits(CamelContext camel, JdbcTemplate jdbc, TransactionTemplate transactions, LedgerWriter ledger,
                           DeliveryProperties settings, Clock clock) {
        this.camel = camel;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
        for (Pause pause : pauses()) {
            circuit(pause.partnerId()).state = State.PAUSED;
        }
    }

    public State state(String partnerId) {
        Circuit circuit = circuits.get(partnerId);
        if (circuit == null) {
            return State.CLOSED;
        }
        synchronized (circuit) {
            return circuit.state;
        }
    }

    /** Whether the partner's consumer must stay suspended: a route built for it now starts suspended. */
    public boolean held(String partnerId) {
        State state = state(partnerId);
        return state == State.OPEN || state == State.PAUSED;
    }

    /**
     * Whether a delivery taken from the partner's queue may go now. Held while the circuit is open
     * or paused (taken before the consumers were suspended), and, while it is half open, for every
     * delivery but the one probe: the partner's several consumers all resume together, and only
     * one of them may test a partner that was failing. A {@code PROBE} must be ended with
     * {@link #probeDone}, whatever became of it.
     */
    public Admission admit(String partnerId) {
        Circuit circuit = circuits.get(partnerId);
        if (circuit == null) {
            return Admission.GO;
        }
        synchronized (circuit) {
            return switch (circuit.state) {
                case CLOSED -> Admission.GO;
                case OPEN, PAUSED -> Admission.HOLD;
                case HALF_OPEN -> {
                    if (circuit.probeOut) {
                        yield Admission.HOLD;
                    }
                    circuit.probeOut = true;
                    yield Admission.PROBE;
                }
            };
        }
    }

    /**
     * The probe has ended. If it ended without a verdict (already delivered, cancelled, held behind
     * an earlier dispatch), the circuit is still half open and the next delivery taken probes.
     */
    public void probeDone(String partnerId) {
        Circuit circuit = circuit(partnerId);
        synchronized (circuit) {
            circuit.probeOut = false;
        }
    }

    public void onSuccess(String partnerId) {
        Circuit circuit = circuits.get(partnerId);
        if (circuit == null) {
            return;
        }
        boolean closed = false;
        synchronized (circuit) {
            circuit.consecutiveFailures = 0;
            if (circuit.state == State.HALF_OPEN) {
                circuit.state = State.CLOSED;
                closed = true;
                log.info("Circuit of partner {} closed: the probe was delivered", partnerId);
            }
        }
        if (closed) {
            changed(partnerId, State.CLOSED);
        }
    }

    /** A failure a retry could cure; {@code retryAfter} is what the partner asked for, or null. */
    public void onTransientFailure(String partnerId, Duration retryAfter) {
        notify(listener -> listener.transientFailure(partnerId));
        Circuit circuit = circuit(partnerId);
        long opening;
        Duration open = retryAfter != null && retryAfter.compareTo(settings.circuitOpenDuration()) > 0
                ? retryAfter : settings.circuitOpenDuration();
        synchronized (circuit) {
            circuit.consecutiveFailures++;
            boolean trips = circuit.state == State.HALF_OPEN
                    || circuit.state == State.CLOSED
                    && (circuit.consecutiveFailures >= settings.circuitFailureThreshold() || retryAfter != null);
            if (!trips) {
                return;
            }
            circuit.state = State.OPEN;
            opening = ++circuit.opening;
        }
        log.warn("Circuit of partner {} opened for {} ms after {} consecutive transient failures", partnerId,
                open.toMillis(), circuit.consecutiveFailures);
        changed(partnerId, State.OPEN);
        control.execute(() -> suspend(partnerId));
        control.schedule(() -> probe(partnerId, opening), open.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Pauses delivery to a partner until {@link #resume}; recorded with the caller. */
    public void pause(String partnerId, String caller) {
        Instant at = clock.instant();
        transactions.executeWithoutResult(tx -> {
            jdbc.update("DELETE FROM partner_pause WHERE partner_id = ?", partnerId);
            jdbc.update("INSERT INTO partner_pause (partner_id, paused_by, paused_at) VALUES (?, ?, ?)",
                    partnerId, caller, java.sql.Timestamp.from(at));
            ledger.record(adminEvent(LedgerEventType.PARTNER_PAUSED, partnerId, caller, at));
        });
        Circuit circuit = circuit(partnerId);
        synchronized (circuit) {
            circuit.state = State.PAUSED;
            circuit.opening++;
        }
        log.info("Delivery to partner {} paused by {}", partnerId, caller);
        changed(partnerId, State.PAUSED);
        awaitControl(() -> suspend(partnerId));
    }

    /** Resumes a paused partner (or closes an open circuit by hand); recorded with the caller. */
    public void resume(String partnerId, String caller) {
        Instant at = clock.instant();
        transactions.executeWithoutResult(tx -> {
            jdbc.update("DELETE FROM partner_pause WHERE partner_id = ?", partnerId);
            ledger.record(adminEvent(LedgerEventType.PARTNER_RESUMED, partnerId, caller, at));
        });
        Circuit circuit = circuit(partnerId);
        synchronized (circuit) {
            circuit.state = State.CLOSED;
            circuit.consecutiveFailures = 0;
            circuit.opening++;
        }
        log.info("Delivery to partner {} resumed by {}", partnerId, caller);
        changed(partnerId, State.CLOSED);
        awaitControl(() -> resumeRoute(partnerId));
    }

    public List<Pause> pauses() {
        return jdbc.query("SELECT partner_id, paused_by, paused_at FROM partner_pause ORDER BY partner_id",
                (rs, i) -> new Pause(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
    }

    private void probe(String partnerId, long opening) {
        Circuit circuit = circuit(partnerId);
        synchronized (circuit) {
            if (circuit.state != State.OPEN || circuit.opening != opening) {
                return;
            }
            circuit.state = State.HALF_OPEN;
        }
        log.info("Circuit of partner {} half open: one probe", partnerId);
        changed(partnerId, State.HALF_OPEN);
        resumeRoute(partnerId);
    }

    private void suspend(String partnerId) {
        String routeId = RouteTemplates.deliverRouteId(partnerId);
        try {
            if (camel.getRoute(routeId) != null && held(partnerId)) {
                camel.getRouteController().suspendRoute(routeId);
            }
        } catch (Exception e) {
            log.error("Could not suspend route {}", routeId, e);
        }
    }

    private void resumeRoute(String partnerId) {
        String routeId = RouteTemplates.deliverRouteId(partnerId);
        try {
            if (camel.getRoute(routeId) != null && !held(partnerId)) {
                var status = camel.getRouteController().getRouteStatus(routeId);
                if (status != null && status.isSuspended()) {
                    camel.getRouteController().resumeRoute(routeId);
                } else if (status != null && status.isStopped()) {
                    // Built while held: it never started.
                    camel.getRouteController().startRoute(routeId);
                }
            }
        } catch (Exception e) {
            log.error("Could not resume route {}", routeId, e);
        }
    }

    /** Runs route control on the control thread, in order with what is already queued there, and waits for it. */
    private void awaitControl(Runnable action) {
        try {
            control.submit(action).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("route control did not complete", e);
        }
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    private void changed(String partnerId, State state) {
        notify(listener -> listener.stateChanged(partnerId, state));
    }

    private void notify(java.util.function.Consumer<Listener> call) {
        for (Listener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("Partner circuit listener failed", e);
            }
        }
    }

    private Circuit circuit(String partnerId) {
        return circuits.computeIfAbsent(partnerId, id -> new Circuit());
    }

    private static LedgerEvent adminEvent(LedgerEventType type, String partnerId, String caller, Instant at) {
        return new LedgerEvent(UUID.randomUUID(), null, type, at, caller, null, null, partnerId, null, null, null, 1,
                List.of());
    }

    @Override
    public void close() {
        control.shutdownNow();
    }
}
