package org.junction.adapters.config;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junction.adapters.partner.PartnerDirectory;
import org.junction.security.governance.agreement.Agreement;

/**
 * The configuration in force. Readers take the whole set in one read, so a request never sees the
 * partners of one set with the rules of another; a reload swaps it in one write.
 */
public class ActiveConfig {

    /** The last reload that was refused, kept so that admins can see why their change is not in force. */
    public record Refusal(Instant at, String caller, List<ConfigProblem> problems) {
        public Refusal {
            problems = List.copyOf(problems);
        }
    }

    private volatile ConfigSet current;
    private volatile Instant appliedAt;
    private volatile Refusal lastRefusal;

    public ActiveConfig(ConfigSet initial, Instant appliedAt) {
        this.current = Objects.requireNonNull(initial);
        this.appliedAt = appliedAt;
    }

    public ConfigSet current() {
        return current;
    }

    public PartnerDirectory partners() {
        return current.directory();
    }

    /** The configured agreements, whatever their standing; swapped with the partners they name. */
    public List<Agreement> agreements() {
        return current.agreements();
    }

    public Instant appliedAt() {
        return appliedAt;
    }

    public Refusal lastRefusal() {
        return lastRefusal;
    }

    public void replace(ConfigSet next, Instant at) {
        current = Objects.requireNonNull(next);
        appliedAt = at;
        lastRefusal = null;
    }

    public void refused(Refusal refusal) {
        lastRefusal = refusal;
    }
}
