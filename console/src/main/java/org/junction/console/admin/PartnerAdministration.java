package org.junction.console.admin;

import java.time.Instant;
import java.util.List;

/**
 * What the admin API needs from the hub to show partners and reload their configuration. The
 * console knows nothing of Camel or adapters; the application implements this.
 */
public interface PartnerAdministration {

    List<PartnerView> partners();

    /** Holds deliveries to a partner until resumed; empty when no such partner receives from the hub. */
    java.util.Optional<PartnerView> pause(String partnerId, String caller);

    java.util.Optional<PartnerView> resume(String partnerId, String caller);

    /** Validates the configuration directory and, unless {@code dryRun}, applies it as one change. */
    ReloadOutcome reload(boolean dryRun, String caller);

    /** One configured partner and the state of its routes. */
    record PartnerView(String id, String name, String kind, String file, List<String> directions,
                       List<AdapterView> adapters, String state, List<ProblemView> problems) {
    }

    /**
     * One adapter of a partner.
     *
     * @param routeId    the route carrying it, or null where the hub's shared API serves it
     * @param routeState Started, Stopped ... or null without a route
     */
    record AdapterView(String direction, String type, String mapper, String endpoint, String routeId,
                       String routeState) {
    }

    /** @param agreement the agreement id, for a problem of an agreement file; null otherwise */
    record ProblemView(String file, String partner, String key, String reason, String agreement) {
        public ProblemView(String file, String partner, String key, String reason) {
            this(file, partner, key, reason, null);
        }
    }

    /** Ids added, removed and changed. */
    record ChangeView(List<String> added, List<String> removed, List<String> changed) {
    }

    /**
     * @param agreements agreement ids added, removed and changed (a new version is a change)
     * @param areas      area routing entries ("district NR1", "practice A81001") added, removed and changed
     */
    record DiffView(ChangeView partners, ChangeView routes, ChangeView agreements, ChangeView areas) {
    }

    /**
     * @param status APPLIED, UNCHANGED (nothing differed), DRY_RUN (diff only) or REFUSED (problems)
     */
    record ReloadOutcome(String status, DiffView diff, List<ProblemView> problems, String caller, Instant at) {

        public boolean refused() {
            return "REFUSED".equals(status);
        }
    }
}
