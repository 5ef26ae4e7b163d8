package org.junction.adapters.intake;

import java.time.Duration;

/** Intake cannot take more work now; the sender should retry after the given delay. */
public class IntakeBackpressureException extends RuntimeException {

    private final Duration retryAfter;

    public IntakeBackpressureException(String reason, Duration retryAfter) {
        super(reason);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
