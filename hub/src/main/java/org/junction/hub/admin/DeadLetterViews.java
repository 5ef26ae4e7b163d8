package org.junction.hub.admin;

import java.util.List;
import org.junction.console.deadletter.DeadLetterAdministration;
import org.junction.routes.deadletter.DeadLetters;

/** The console's view of the dead-letter queues, served by the pipeline's {@link DeadLetters}. */
public class DeadLetterViews implements DeadLetterAdministration {

    private final DeadLetters deadLetters;

    public DeadLetterViews(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public List<DeadLetterView> deadLetters() {
        return deadLetters.list().stream().map(e -> new DeadLetterView(e.messageId(), e.queue(), e.trackingId(),
                e.recipient(), e.generation(), e.reasonCode(), e.deadLetteredAt(), e.replayable())).toList();
    }

    @Override
    public ReplayView replay(String messageId, String reason, boolean force, String caller) {
        var r = deadLetters.replay(messageId, reason, force, caller);
        return new ReplayView(r.messageId(), r.outcome().name(), r.trackingId(), r.recipient(), r.generation(),
                r.reasonCode());
    }
}
