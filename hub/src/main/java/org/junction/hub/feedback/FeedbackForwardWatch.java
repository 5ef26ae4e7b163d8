package org.junction.hub.feedback;

import java.time.Duration;
import org.junction.hub.scheduling.PeriodicTask;

/** Runs {@link FeedbackForwardService#pass()} at a fixed delay while the hub runs. */
public class FeedbackForwardWatch extends PeriodicTask {

    private final FeedbackForwardService forwards;

    public FeedbackForwardWatch(FeedbackForwardService forwards, Duration interval) {
        super("junction-feedback-forwarding", interval);
        this.forwards = forwards;
    }

    @Override
    protected void runOnce() {
        forwards.pass();
    }
}
