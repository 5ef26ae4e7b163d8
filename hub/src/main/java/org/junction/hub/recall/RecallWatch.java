package org.junction.hub.recall;

import java.time.Duration;
import org.junction.hub.scheduling.PeriodicTask;

/** Runs {@link RecallService#pass()} at a fixed delay while the hub runs. */
public class RecallWatch extends PeriodicTask {

    private final RecallService recalls;

    public RecallWatch(RecallService recalls, Duration interval) {
        super("junction-recalls", interval);
        this.recalls = recalls;
    }

    @Override
    protected void runOnce() {
        recalls.pass();
    }
}
