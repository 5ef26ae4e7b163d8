package org.junction.adapters.intake;

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
    /** Why a message was dead-lettered: a reason code, never an exception message. */
    public static final String FAILURE_REASON = "JunctionFailureReason";

    private BrokerHeaders() {
    }
}
