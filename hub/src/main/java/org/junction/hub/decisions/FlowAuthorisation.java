package org.junction.hub.decisions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junction.routes.decide.HeldDecisionStore.FlowKey;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.Flow;
import org.junction.security.identity.Person;

/**
 * Who may decide along an agreement's flows. Two questions, asked in this order by every decision
 * endpoint: whether the item is the caller's organisation's business at all (else it is answered as
 * if it did not exist, so another organisation cannot learn that it does, or how it was decided),
 * then whether one of the caller's titles is one the flows authorise.
 */
final class FlowAuthorisation {

    private FlowAuthorisation() {
    }

    /** The loaded flows named by the keys; empty when any of them is no longer loaded. */
    static Optional<List<Flow>> flows(AgreementRegistry registry, List<FlowKey> keys) {
        List<Flow> flows = new ArrayList<>(keys.size());
        for (FlowKey key : keys) {
            Optional<Flow> flow = registry.flows().stream()
                    .filter(af -> af.agreement().id().equals(key.agreementId())
                            && af.agreement().version() == key.agreementVersion()
                            && af.flow().id().equals(key.flowId()))
                    .map(AgreementRegistry.AgreementFlow::flow).findFirst();
            if (flow.isEmpty()) {
                return Optional.empty();
            }
            flows.add(flow.get());
        }
        return Optional.of(flows);
    }

    /**
     * The first (by name) of the caller's role titles that every one of the flows authorises in the
     * caller's organisation; empty when there are no flows or one is no longer loaded.
     */
    static Optional<String> authorisedTitle(AgreementRegistry registry, List<FlowKey> keys, Person caller) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        return flows(registry, keys).flatMap(flows -> caller.roleTitles().stream().sorted()
                .filter(t -> flows.stream().allMatch(f -> f.authorises(caller.organisation(), t))).findFirst());
    }

    /** Whether any of the flows names the caller's organisation among its decision-makers, whatever the title. */
    static boolean decidesFor(AgreementRegistry registry, List<FlowKey> keys, Person caller) {
        return flows(registry, keys).map(flows -> flows.stream().anyMatch(f -> f.decisionMakers().stream()
                .anyMatch(r -> r.organisation().equals(caller.organisation())))).orElse(false);
    }
}
