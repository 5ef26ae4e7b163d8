package org.junction.adapters.recall;

import java.util.UUID;

/**
 * Where an adapter hands a recipient's acknowledgement of a cancellation notice it received over a
 * channel with no answer of its own (a broker queue, a file drop). The hub checks that the
 * acknowledging partner is the one the recall went to; anything else is refused and recorded.
 */
public interface RecallAcknowledgements {

    /** What became of an acknowledgement. */
    enum Result {
        /** At least one outstanding recall is now acknowledged. */
        ACKNOWLEDGED,
        /** The partner's recalls under that id were acknowledged (or failed) before: nothing changed. */
        NOTHING_OUTSTANDING,
        /** No recall of this partner's has that id: unknown, or another partner's (not told apart). */
        REFUSED
    }

    /**
     * @param partnerId the acknowledging partner, as its channel authenticated it
     * @param id        the recall id the notice carried, or the tracking id of the recalled referral
     * @param channel   the adapter type it came by, for the record
     */
    Result acknowledge(String partnerId, UUID id, String channel);
}
