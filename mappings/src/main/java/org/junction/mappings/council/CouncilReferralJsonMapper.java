package org.junction.mappings.council;

import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.json.StrictJson;

/**
 * Council Central Referral Unit / Early Help referral as a council case system sends it, JSON
 * version 1. The format is described in {@code mappings/formats/council-referral-json-v1.md};
 * {@link CouncilReferralJsonRenderer} writes the same shape for councils that receive referrals.
 */
public final class CouncilReferralJsonMapper implements InboundMapper {

    public static final String ID = "council-referral-json-v1";


    @Override
    public String id() {
        return ID;
    }

    @Override
    public Bundle map(byte[] input, MappingContext ctx) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(ctx, "ctx");
        return ReferralBundles.toBundle(toModel(input, ctx), ctx);
    }

    /** The canonical model of a council referral, before it becomes a Bundle. */
    public ReferralModel toModel(byte[] input, MappingContext ctx) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(ctx, "ctx");
        return CouncilReferralReader.read(StrictJson.parse(ID, input), ctx);
    }
}
