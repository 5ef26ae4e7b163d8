package org.junction.adapters.intake;

/**
 * Names of the hub's broker queues, in one place: the pipeline sends and consumes by them, and
 * the broker configuration gives each its dead-letter queue and redelivery policy.
 */
public final class Queues {

    public static final String INTAKE = "hub.intake";
    private static final String DISPATCH_PREFIX = "hub.dispatch.";
    private static final String DEAD_LETTER_PREFIX = "DLQ.";

    private Queues() {
    }

    /** The queue of messages waiting for delivery to one partner. */
    public static String dispatch(String partnerId) {
        return DISPATCH_PREFIX + partnerId;
    }

    /** Where messages of {@code queue} that can never be processed end up, with their reason. */
    public static String deadLetter(String queue) {
        return DEAD_LETTER_PREFIX + queue;
    }
}
