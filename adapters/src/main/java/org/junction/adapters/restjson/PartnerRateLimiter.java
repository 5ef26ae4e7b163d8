package org.junction.adapters.restjson;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per partner id: each request takes a token, tokens come back at a steady rate up
 * to the burst size. Buckets are keyed by partner id only (a bounded set from configuration), so
 * unauthenticated callers cannot grow the map.
 */
public class PartnerRateLimiter {

    private final int burst;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public PartnerRateLimiter(int burst, double requestsPerSecond) {
        this(burst, requestsPerSecond, System::nanoTime);
    }

    PartnerRateLimiter(int burst, double requestsPerSecond, LongSupplier nanoTime) {
        if (burst < 1 || !(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("burst and rate must be positive");
        }
        this.burst = burst;
        this.tokensPerNano = requestsPerSecond / 1e9;
        this.nanoTime = nanoTime;
    }

    /** Empty when the request may proceed; otherwise how long until the partner has a token again. */
    public Optional<Duration> tryAcquire(String partnerId) {
        return buckets.computeIfAbsent(partnerId, id -> new Bucket(burst, nanoTime.getAsLong())).take();
    }

    private final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized Optional<Duration> take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - updated) * tokensPerNano);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / tokensPerNano)));
        }
    }
}
