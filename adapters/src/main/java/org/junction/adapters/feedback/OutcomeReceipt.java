package org.junction.adapters.feedback;

import java.util.UUID;

/**
 * What outcome intake answers once an outcome is durable.
 *
 * @param outcomeId          the hub's id of the outcome message
 * @param referralTrackingId the referral it was linked to
 * @param duplicate          true when the request id had been seen before and nothing new was stored
 */
public record OutcomeReceipt(UUID outcomeId, UUID referralTrackingId, boolean duplicate) {
}
