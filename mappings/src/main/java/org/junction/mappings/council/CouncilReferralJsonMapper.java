package org.junction.mappings.council;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.json.ObjectFields;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * Council Central Referral Unit / Early Help referral as a council case system sends it, JSON
 * version 1. The format is described in {@code mappings/formats/council-referral-json-v1.md};
 * {@link CouncilReferralJsonRenderer} writes the same shape for councils that receive referrals.
 */
public final class CouncilReferralJsonMapper implements InboundMapper {

    public static final String ID = "council-referral-json-v1";

    // Duplicate keys would let two readers of the same document see different values.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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
        return CouncilReferralReader.read(parse(input), ctx);
    }

    private static JsonNode parse(byte[] input) {
        try {
            JsonNode document = JSON.readTree(input);
            if (document == null || document.isMissingNode()) {
                throw refused("is empty");
            }
            return document;
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the text around the fault, so only the position is kept.
            throw refused(notWellFormed(e.getLocation()));
        } catch (IOException e) {
            throw refused("is not readable as JSON");
        }
    }

    private static MappingException refused(String reason) {
        return new MappingException(ID, List.of(Violation.malformed(ObjectFields.DOCUMENT, reason)));
    }

    private static String notWellFormed(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return "is not well-formed JSON";
        }
        return "is not well-formed JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
