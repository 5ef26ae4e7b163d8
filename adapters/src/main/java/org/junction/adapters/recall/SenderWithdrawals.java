package org.junction.adapters.recall;

import java.util.Optional;
import java.util.UUID;

/**
 * Where a sender's own taking back of a referral goes, whichever channel it comes by (the REST
 * entered-in-error call, a FHIR cancellation message): the referral's past recipients are recalled
 * and what is still queued is not sent.
 */
public interface SenderWithdrawals {

    /** The partner that sent the referral, if the hub knows it. */
    Optional<String> senderOf(UUID trackingId);

    /**
     * Marks the referral entered-in-error for its sender. Idempotent.
     *
     * @return whether this call made the mark (false: it was marked before)
     */
    boolean markEnteredInError(UUID trackingId, String sender, String reasonCode);
}
