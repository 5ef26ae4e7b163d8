package org.junction.mappings.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * The strict JSON parse every partner JSON format starts with: duplicate keys and trailing content
 * are refused, and a syntax error is reported by position only, because the parser's own message
 * quotes the text around the fault. Depth, string and number sizes are bounded ({@link JsonLimits}).
 */
public final class StrictJson {

    private static final JsonMapper JSON = JsonMapper.builder(JsonLimits.newFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    /** @throws MappingException naming {@code mapperId} when the input is empty or not well-formed JSON */
    public static JsonNode parse(String mapperId, byte[] input) {
        try {
            JsonNode document = JSON.readTree(input);
            if (document == null || document.isMissingNode()) {
                throw refused(mapperId, "is empty");
            }
            JsonLimits.requireFiniteNumbers(mapperId, document);
            return document;
        } catch (StreamConstraintsException e) {
            throw refused(mapperId, JsonLimits.EXCEEDED);
        } catch (JsonProcessingException e) {
            throw refused(mapperId, notWellFormed(e.getLocation()));
        } catch (IOException e) {
            throw refused(mapperId, "is not readable as JSON");
        }
    }

    private static MappingException refused(String mapperId, String reason) {
        return new MappingException(mapperId, List.of(Violation.malformed(ObjectFields.DOCUMENT, reason)));
    }

    private static String notWellFormed(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return "is not well-formed JSON";
        }
        return "is not well-formed JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
