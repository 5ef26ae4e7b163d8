package org.junction.mappings.volunteer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junction.mappings.canonical.ReferralModel;

/**
 * Coded risk-to-volunteer flags for the step-down referral. A volunteer needs to know how to keep
 * safe, not why: each flag is derived from the referral by a fixed rule and carries no detail of
 * the concern, offence or person behind it.
 */
enum VolunteerSafetyFlags {

    /**
     * Do not visit or meet alone: the risk grade is HIGH, a concern involves another person who may
     * cause harm or behaviour that may turn on a visitor (DA, EXPLOITATION, HBA_FM_FGM, ASB), or the
     * referral names an alleged perpetrator.
     */
    LONE_WORKING_RISK,

    /**
     * Meet away from the person's home: someone who may cause harm may live at or come to the
     * address (DA, HBA_FM_FGM, EXPLOITATION, or an alleged perpetrator is named).
     */
    HOME_VISIT_NOT_ADVISED,

    /** No contact channel is known to be safe: make first contact through the referrer team. */
    NO_SAFE_CONTACT_CHANNEL;

    private static final Set<String> LONE_WORKING_CONCERNS = Set.of("DA", "EXPLOITATION", "HBA_FM_FGM", "ASB");
    private static final Set<String> HOME_VISIT_CONCERNS = Set.of("DA", "EXPLOITATION", "HBA_FM_FGM");
    private static final String PERPETRATOR = "ALLEGED_PERPETRATOR";
    private static final String HIGH = "HIGH";

    /** The flags that apply, in declaration order so the rendering is stable. */
    static List<String> of(ReferralModel model) {
        boolean perpetratorNamed = model.relatedPersons().stream().anyMatch(p -> PERPETRATOR.equals(p.role()));
        boolean highRisk = model.risk() != null && HIGH.equals(model.risk().grade());
        boolean safeChannel = model.subject().contacts().stream().anyMatch(c -> Boolean.TRUE.equals(c.safeToContact()));

        List<String> flags = new ArrayList<>();
        if (highRisk || perpetratorNamed || intersects(model.concerns(), LONE_WORKING_CONCERNS)) {
            flags.add(LONE_WORKING_RISK.name());
        }
        if (perpetratorNamed || intersects(model.concerns(), HOME_VISIT_CONCERNS)) {
            flags.add(HOME_VISIT_NOT_ADVISED.name());
        }
        if (!safeChannel) {
            flags.add(NO_SAFE_CONTACT_CHANNEL.name());
        }
        return flags;
    }

    private static boolean intersects(List<String> codes, Set<String> wanted) {
        return codes.stream().anyMatch(wanted::contains);
    }
}
