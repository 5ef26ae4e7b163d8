package org.junction.adapters.intake;

import java.util.Objects;
import java.util.UUID;

/**
 * The two places a Bundle is handed from one stage to the next on the same node: from intake to
 * the decide stage (the referral as stored), and from the decide stage to delivery (the referral
 * minimised for one recipient).
 */
public record BundleHandOffs(BundleHandOff toDecide, BundleHandOff toDeliver) {

    public BundleHandOffs {
        Objects.requireNonNull(toDecide, "toDecide");
        Objects.requireNonNull(toDeliver, "toDeliver");
    }

    /** The intake message of a referral, in a generation. */
    public static BundleHandOff.Key intakeKey(UUID trackingId, int generation) {
        return new BundleHandOff.Key(trackingId, null, generation);
    }

    /** The dispatch of a referral to one recipient, in a generation. */
    public static BundleHandOff.Key dispatchKey(UUID trackingId, String recipient, int generation) {
        return new BundleHandOff.Key(trackingId, Objects.requireNonNull(recipient, "recipient"), generation);
    }
}
