package org.junction.bench.load;

/**
 * One line of the sent ledger: a message's final outcome at the hub's intake.
 *
 * @param clientMsgId the load generator's own id (run id and sequence number)
 * @param key         the idempotency key (X-Request-ID), the same on every attempt
 * @param fieldsHash  SHA-256 of the fields that must arrive, from what was sent
 * @param intended    when the open-model schedule meant it to start (ISO-8601)
 * @param outcome     {@code accepted} (2xx), {@code rejected} (an answer other than 2xx that is
 *                    not worth retrying, or the last retryable answer when the harness gave up) or
 *                    {@code unknown} (no answer: timeout, reset, refused, until it gave up)
 * @param status      the last HTTP status, 0 when there was none
 * @param trackingId  the hub's tracking id of an accepted message
 * @param trackingIds every distinct tracking id the hub answered for this key, across attempts
 *                    (more than one means the hub accepted the key twice)
 * @param attempts    requests sent for this key
 * @param latencyMicros from the intended start to the final answer
 * @param phase       {@code warmup} or {@code measure}
 * @param duplicate   the hub's own word that it had already accepted this key
 */
public record SentRecord(String clientMsgId, String key, String fieldsHash, String intended, String outcome,
                         int status, String trackingId, java.util.List<String> trackingIds, int attempts,
                         long latencyMicros, String phase, boolean duplicate) {

    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String UNKNOWN = "unknown";
}
