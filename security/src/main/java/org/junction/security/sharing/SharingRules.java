package org.junction.security.sharing;

import java.util.List;

/** The configured flows. Nothing is shared along a flow that no rule names. */
public record SharingRules(List<SharingRule> rules) {

    public SharingRules {
        rules = List.copyOf(rules);
    }

    /** Recipients a referral from {@code sender} for {@code purpose} may go to, in configured order, once each. */
    public List<String> recipientsFor(String sender, String purpose) {
        return rules.stream().filter(r -> r.allows(sender, purpose)).map(SharingRule::to).distinct().toList();
    }
}
