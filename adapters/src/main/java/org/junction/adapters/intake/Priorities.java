package org.junction.adapters.intake;

import java.util.Locale;
import org.junction.mappings.canonical.Referral;

/**
 * The broker priority of a referral's messages (JMS 0 to 9; the broker hands out higher first).
 * Urgent referrals, and those whose risk was graded high, overtake routine traffic to the same
 * partner; bulk feeds are routine. Within one subject, order still wins: see the deliver stage.
 */
public final class Priorities {

    public static final int ROUTINE = 4;
    public static final int HIGH_RISK = 7;
    public static final int URGENT = 7;
    public static final int ASAP = 8;
    public static final int STAT = 9;
    /**
     * The police high-demand feed grades each person over months of contacts: a list to triage,
     * not a risk now. Raised by that grade, a thousand rows would queue ahead of a referral about
     * someone in danger today, at the same priority and so first come, first served.
     */
    private static final String HIGH_DEMAND = "HIGH_DEMAND";

    private Priorities() {
    }

    public static int of(Referral referral) {
        int byPriority = switch (referral.priority() == null ? "" : referral.priority().toLowerCase(Locale.ROOT)) {
            case "stat" -> STAT;
            case "asap" -> ASAP;
            case "urgent" -> URGENT;
            default -> ROUTINE;
        };
        boolean highRisk = !HIGH_DEMAND.equals(referral.referralType())
                && referral.riskGrade().map(grade -> grade.equalsIgnoreCase("HIGH")).orElse(false);
        return highRisk ? Math.max(byPriority, HIGH_RISK) : byPriority;
    }
}
