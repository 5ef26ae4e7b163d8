package org.junction.adapters.intake;

import java.util.UUID;

/**
 * What intake answers once a referral is durable.
 *
 * @param duplicate true when the request id had been seen before and nothing new was stored
 */
public record IntakeReceipt(UUID trackingId, boolean duplicate) {
}
