package org.junction.adapters.intake;

/**
 * Told after an outbox row commits, so the relay can move it at once instead of waiting for its
 * next poll. Polling remains the safety net: a lost signal only costs latency.
 */
@FunctionalInterface
public interface OutboxSignal {

    void outboxWritten();
}
