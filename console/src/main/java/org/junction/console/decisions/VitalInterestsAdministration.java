package org.junction.console.decisions;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junction.console.decisions.DecisionAdministration.DecisionRequest;
import org.junction.security.identity.Person;

/**
 * What the vital-interests API needs from the hub: the retrospective decision records still owed
 * for referrals shared on vital interests, and making one. Implemented by the application.
 */
public interface VitalInterestsAdministration {

    /** The records owed for referrals the caller's organisation sent (all when hub-wide), soonest due first. */
    List<OutstandingView> outstanding(Person caller);

    /** Makes the decision record; the request has the shape of a held decision's approval. */
    RecordOutcome record(UUID id, DecisionRequest request, Person caller);

    /** Ids, codes and times only: nothing of the subject. */
    record OutstandingView(UUID id, UUID trackingId, String sender, String recipient, String purpose,
                           String agreementId, int agreementVersion, String flowId, Instant sharedAt,
                           Instant recordDue, boolean overdue) {
    }

    enum Result {
        RECORDED,
        NOT_FOUND,
        /** Someone made the record already. */
        ALREADY_RECORDED,
        /** The caller holds no title the flow authorises in their organisation. */
        NOT_AUTHORISED,
        /** The decision record is incomplete; {@code fields} names what. */
        INCOMPLETE
    }

    /** @param fields for INCOMPLETE and NOT_AUTHORISED: the request fields at fault */
    record RecordOutcome(Result result, UUID id, String state, UUID decisionId, Instant recordedAt,
                         List<String> fields) {
    }
}
