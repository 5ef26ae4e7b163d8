package org.junction.security.governance.agreement;

import java.util.Objects;

/**
 * What the recipient of a flow may send back to its sender as feedback (accepted, rejected,
 * outcome). Without free text the sender gets the status code only.
 *
 * @param flowId the forward flow whose recipient sends and whose sender receives
 */
public record ReverseFlow(String flowId, Feedback feedback) {

    public enum Feedback { STATUS_ONLY, FREE_TEXT }

    public ReverseFlow {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(feedback, "feedback");
    }

    public boolean freeTextAllowed() {
        return feedback == Feedback.FREE_TEXT;
    }
}
