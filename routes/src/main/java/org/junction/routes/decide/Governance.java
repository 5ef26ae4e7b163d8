package org.junction.routes.decide;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.Recipient;
import org.junction.security.governance.routing.AreaRouting;

/**
 * What the decide stage needs to decide under information sharing agreements.
 *
 * @param recipients     the configured partners that can receive, by partner id
 * @param organisationOf a sending partner's organisation
 * @param routing        the area routing table (empty: recipients come from the flows alone)
 * @param onHold         told of each newly held decision, after nothing personal has been taken from it
 * @param vitalInterests where the retrospective decision records owed for vital-interests shares are kept;
 *                       null: none are kept
 * @param onVitalInterests told of each newly owed record (ids only), to alert the sender's IG leads
 */
public record Governance(Supplier<AgreementRegistry> agreements, Supplier<Map<String, Recipient>> recipients,
                         Function<String, String> organisationOf, Supplier<AreaRouting> routing,
                         HeldDecisionStore held, Consumer<HeldDecisionStore.Held> onHold,
                         VitalInterestsStore vitalInterests,
                         Consumer<VitalInterestsStore.Obligation> onVitalInterests) {

    /** Governance that keeps no vital-interests obligations. */
    public Governance(Supplier<AgreementRegistry> agreements, Supplier<Map<String, Recipient>> recipients,
                      Function<String, String> organisationOf, Supplier<AreaRouting> routing,
                      HeldDecisionStore held, Consumer<HeldDecisionStore.Held> onHold) {
        this(agreements, recipients, organisationOf, routing, held, onHold, null, obligation -> { });
    }

    public Governance {
        Objects.requireNonNull(agreements, "agreements");
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(organisationOf, "organisationOf");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(onHold, "onHold");
        Objects.requireNonNull(onVitalInterests, "onVitalInterests");
    }
}
