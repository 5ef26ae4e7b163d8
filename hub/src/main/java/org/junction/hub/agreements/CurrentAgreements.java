package org.junction.hub.agreements;

import java.util.Objects;
import java.util.function.Supplier;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.config.ConfigSet;
import org.junction.security.governance.agreement.AgreementRegistry;

/**
 * The agreements the decision side works with: those of the configuration in force, with the
 * approvals recorded for them. Rebuilt when a reload swaps the configuration (noticed on the next
 * read), after an approval, and on every expiry check (so approvals recorded by another hub node
 * arrive within one check interval). Reads are a volatile read, never a database query, unless the
 * configuration has just changed.
 */
public class CurrentAgreements implements Supplier<AgreementRegistry> {

    private record Snapshot(ConfigSet source, AgreementRegistry registry) {
    }

    private final ActiveConfig config;
    private final AgreementApprovalStore approvals;
    private volatile Snapshot snapshot;

    public CurrentAgreements(ActiveConfig config, AgreementApprovalStore approvals) {
        this.config = Objects.requireNonNull(config);
        this.approvals = Objects.requireNonNull(approvals);
    }

    @Override
    public AgreementRegistry get() {
        Snapshot current = snapshot;
        if (current == null || current.source() != config.current()) {
            return refresh();
        }
        return current.registry();
    }

    /** Reads the approvals again and rebuilds the registry over the configuration in force. */
    public synchronized AgreementRegistry refresh() {
        ConfigSet set = config.current();
        var registry = new AgreementRegistry(set.agreements(), approvals.approvals());
        snapshot = new Snapshot(set, registry);
        return registry;
    }
}
