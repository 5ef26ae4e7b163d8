package org.junction.mappings.police;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import org.junction.mappings.json.JsonLimits;
import org.junction.mappings.json.ObjectFields;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.schema.JsonSchemas;

/** Police vulnerability referral (PPN, adult at risk, child concern, mental health, missing), JSON version 1. */
public final class PoliceReferralJsonMapper implements InboundMapper {

    public static final String ID = "police-referral-json-v1";

    // Duplicate keys would let two readers of the same document see different values.
    private static final JsonMapper JSON = JsonMapper.builder(JsonLimits.newFactory())
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
        JsonNode document = parse(input);
        JsonLimits.requireFiniteNumbers(ID, document);
        if (document == null || !document.isObject()) {
            throw new MappingException(ID, List.of(Violation.malformed(ObjectFields.DOCUMENT, "must be a JSON object")));
        }
        List<Violation> schemaViolations = JsonSchemas.validate(ID, document);
        ReferralModel model = PoliceReferralReader.read(ID, document, ctx, schemaViolations);
        return ReferralBundles.toBundle(model, ctx);
    }

    private static JsonNode parse(byte[] input) {
        try {
            return JSON.readTree(input);
        } catch (StreamConstraintsException e) {
            throw new MappingException(ID, List.of(Violation.malformed(ObjectFields.DOCUMENT, JsonLimits.EXCEEDED)));
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the text around the fault, so only the position is kept.
            throw new MappingException(ID, List.of(Violation.malformed(ObjectFields.DOCUMENT, notWellFormed(e.getLocation()))));
        } catch (IOException e) {
            throw new MappingException(ID, List.of(Violation.malformed(ObjectFields.DOCUMENT, "is not readable as JSON")));
        }
    }

    private static String notWellFormed(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return "is not well-formed JSON";
        }
        return "is not well-formed JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
