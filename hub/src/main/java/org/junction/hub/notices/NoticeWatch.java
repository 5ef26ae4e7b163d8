package org.junction.hub.notices;

import java.time.Duration;
import org.junction.hub.scheduling.PeriodicTask;

/** Runs {@link RejectionNoticeService#pass()} at a fixed delay while the hub runs. */
public class NoticeWatch extends PeriodicTask {

    private final RejectionNoticeService notices;

    public NoticeWatch(RejectionNoticeService notices, Duration interval) {
        super("junction-rejection-notices", interval);
        this.notices = notices;
    }

    @Override
    protected void runOnce() {
        notices.pass();
    }
}
