package org.junction.bench.load;

/**
 * One line of the delivery ledger: one attempt of the hub to deliver to a partner stub.
 *
 * @param partner        the partner id the stub plays
 * @param key            the sender's idempotency key, from X-Correlation-ID (the hub carries the
 *                       sender's request id there when the sender gave no correlation id)
 * @param idempotencyKey the hub's Idempotency-Key of this delivery (one per dispatch)
 * @param attempt        1 for the first request carrying this Idempotency-Key, 2 for the next...
 * @param fieldsHash     SHA-256 of the fields recomputed from what arrived; null when unreadable
 * @param trackingId     the tracking id the delivered document names
 * @param status         the HTTP status the stub answered
 * @param receivedAt     when the request arrived (ISO-8601)
 * @param receivedMicros the same instant in microseconds since the epoch, for rates
 * @param mode           the stub's behaviour at the time (ok, slow, flaky)
 */
public record DeliveryRecord(String partner, String key, String idempotencyKey, int attempt, String fieldsHash,
                             String trackingId, int status, String receivedAt, long receivedMicros, String mode) {
}
