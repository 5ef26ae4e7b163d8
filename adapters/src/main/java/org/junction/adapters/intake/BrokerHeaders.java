package org.junction.adapters.intake;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Properties the hub sets on broker messages. Ids, codes and pseudonyms only: broker headers are
 * visible to anyone who can browse a queue, so no personal data goes here.
 */
public final class BrokerHeaders {

    /** Artemis' duplicate-detection property. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    public static final String TRACKING_ID = "JunctionTrackingId";
    public static final String SENDER = "JunctionSender";
    public static final String PURPOSE = "JunctionPurpose";
    /** Comma-separated subject pseudonyms ({@code keyId:value}). */
    public static final String SUBJECTS = "JunctionSubjects";
    public static final String GENERATION = "JunctionGeneration";
    public static final String RECIPIENT = "JunctionRecipient";
    public static final String CORRELATION_ID = "JunctionCorrelationId";
    /**
     * The JMS message group: the broker hands every message of one group to one consumer, in
     * order. Intake messages are grouped by the person they are about, so that the decide stage,
     * with several consumers, still decides about one person one referral at a time, in the order
     * they arrived.
     */
    public static final String GROUP_ID = "JMSXGroupID";
    /** Why a message was dead-lettered: a reason code, never an exception message. */
    public static final String FAILURE_REASON = "JunctionFailureReason";

    /** The stage name that seeds a delivery's X-Request-ID. */
    public static final String DELIVER_STAGE = "deliver";

    private BrokerHeaders() {
    }

    /**
     * The group of a referral's intake message: its first subject pseudonym (the NHS number's,
     * where it has one: intake puts it first), or the referral itself when it names nobody.
     */
    public static String groupOf(UUID trackingId, List<String> subjectPseudonyms) {
        return subjectPseudonyms.isEmpty() ? "referral:" + trackingId : subjectPseudonyms.get(0);
    }

    /** A dispatch message names a recipient other than the queue it was taken from. */
    public static class WrongRecipientException extends IllegalArgumentException {
        public WrongRecipientException() {
            super("dispatch message addressed to another recipient");
        }
    }

    /**
     * Identifies one dispatch: the referral, its recipient and the generation, plus the ids that
     * travel with it.
     */
    public record Dispatch(UUID trackingId, String recipient, int generation, String sender, String purpose,
                           String correlationId, List<String> subjectPseudonyms) {

        public Dispatch {
            subjectPseudonyms = List.copyOf(subjectPseudonyms);
        }

        /**
         * The X-Request-ID the recipient sees: the same for every attempt of this dispatch, so the
         * recipient can recognise a repeat, and new for a new generation.
         */
        public String requestId() {
            return UUID.nameUUIDFromBytes(DuplicateIds.of(trackingId, DELIVER_STAGE, recipient, generation)
                    .getBytes(StandardCharsets.US_ASCII)).toString();
        }
    }

    /**
     * Reads the dispatch a message taken from {@code queuePartnerId}'s queue carries. The queue,
     * not the header, says who the recipient is: a message that names another recipient (moved or
     * replayed onto the wrong queue) is refused rather than delivered to the wrong partner.
     *
     * @throws IllegalArgumentException when an id is missing or malformed
     */
    public static Dispatch dispatchOf(Map<String, Object> headers, String queuePartnerId) {
        Object trackingId = headers.get(TRACKING_ID);
        if (trackingId == null) {
            throw new IllegalArgumentException("dispatch message without a tracking id");
        }
        Object recipient = headers.get(RECIPIENT);
        if (recipient != null && !queuePartnerId.equals(recipient.toString())) {
            throw new WrongRecipientException();
        }
        Object generation = headers.get(GENERATION);
        return new Dispatch(UUID.fromString(trackingId.toString()), queuePartnerId,
                generation == null ? 1 : Integer.parseInt(generation.toString()),
                text(headers.get(SENDER)), text(headers.get(PURPOSE)), text(headers.get(CORRELATION_ID)),
                splitSubjects(text(headers.get(SUBJECTS))));
    }

    /** Joins subject pseudonyms for the {@link #SUBJECTS} header. */
    public static String joinSubjects(List<String> pseudonyms) {
        return String.join(",", pseudonyms);
    }

    public static List<String> splitSubjects(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
