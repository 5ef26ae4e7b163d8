package org.junction.console.deadletter;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the dead-letter API needs from the hub: list, and replay under the decision in force. */
public interface DeadLetterAdministration {

    List<DeadLetterView> deadLetters();

    ReplayView replay(String messageId, String reason, boolean force, String caller);

    /** Metadata of one dead-lettered message: ids, codes and times, never its payload. */
    record DeadLetterView(String messageId, String queue, UUID trackingId, String recipient, Integer generation,
                          String reasonCode, Instant deadLetteredAt, boolean replayable) {
    }

    /**
     * @param outcome REPLAYED, DENIED, ALREADY_DELIVERED, NOT_REPLAYABLE or NOT_FOUND
     * @param generation the new generation, when one was decided
     * @param reasonCode the new decision's reason code, when one was made
     */
    record ReplayView(String messageId, String outcome, UUID trackingId, String recipient, Integer generation,
                      String reasonCode) {
    }
}
