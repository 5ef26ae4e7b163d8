package org.junction.mappings.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * The bounds every parse of partner JSON runs under. Partner formats are a few levels deep and
 * their numbers are counts, scores and codes; a document far outside that is an attack on the
 * parser (deep nesting exhausts the stack, a long number costs quadratic time to convert), so it
 * is refused as malformed before any of it is interpreted. String length is bounded as a second
 * line behind the request size limit, which applies first.
 */
public final class JsonLimits {

    /** Deepest nesting of objects and arrays; FHIR Bundles with contained extensions stay well below. */
    public static final int MAX_NESTING_DEPTH = 100;
    /** Longest string value, in characters. */
    public static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;
    /** Longest number literal, in characters (digits, sign, point and exponent). */
    public static final int MAX_NUMBER_LENGTH = 64;
    /** Longest property name, in characters. */
    public static final int MAX_NAME_LENGTH = 256;

    public static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .build();

    /** The reason given when a limit is exceeded: which one, never the text that broke it. */
    public static final String EXCEEDED = "exceeds the hub's JSON limits (nesting depth " + MAX_NESTING_DEPTH
            + ", string length " + MAX_STRING_LENGTH + ", number length " + MAX_NUMBER_LENGTH + ")";

    /** The reason given for a short number literal whose value no double can hold (1e999999999). */
    public static final String OUT_OF_RANGE = "has a number too large to be read";

    private static final JsonFactory FACTORY = newFactory();

    private JsonLimits() {
    }

    /**
     * A new streaming factory with the limits applied: one per mapper, because a mapper built on
     * a factory makes itself that factory's codec.
     */
    public static JsonFactory newFactory() {
        return JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();
    }

    /**
     * Refuses a parsed document holding a number that overflowed to infinity: later steps (schema
     * checks, conversions to decimal) fail on it in ways that are not the sender's fault to read.
     *
     * @throws MappingException (malformed, field {@code $})
     */
    public static void requireFiniteNumbers(String mapperId, JsonNode document) {
        if (document == null) {
            return;
        }
        if (document.isFloatingPointNumber() && !Double.isFinite(document.doubleValue())) {
            throw new MappingException(mapperId, List.of(Violation.malformed(ObjectFields.DOCUMENT, OUT_OF_RANGE)));
        }
        if (document.isContainerNode()) {
            for (JsonNode child : document) {
                requireFiniteNumbers(mapperId, child);
            }
        }
    }

    /**
     * Reads every token of {@code input} under the limits without building anything, for input
     * that a parser the hub does not configure (HAPI's) will read next. Syntax errors are left to
     * that parser, which reports them in its own terms.
     *
     * @throws MappingException (malformed, field {@code $}) when a limit is exceeded
     */
    public static void check(String mapperId, byte[] input) {
        try (JsonParser parser = FACTORY.createParser(input)) {
            while (parser.nextToken() != null) {
                // Values are length-checked when read, not when skipped: read each one.
                if (parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                    if (!Double.isFinite(parser.getDoubleValue())) {
                        throw new MappingException(mapperId, List.of(Violation.malformed(ObjectFields.DOCUMENT,
                                OUT_OF_RANGE)));
                    }
                } else if (parser.currentToken().isNumeric()) {
                    parser.getNumberValue();
                } else if (parser.currentToken() == JsonToken.VALUE_STRING) {
                    parser.getText();
                }
            }
        } catch (StreamConstraintsException e) {
            throw new MappingException(mapperId, List.of(Violation.malformed(ObjectFields.DOCUMENT, EXCEEDED)));
        } catch (MappingException e) {
            throw e;
        } catch (IOException | RuntimeException syntaxOrEncoding) {
            // Not well-formed: the real parser refuses it with its own reason.
        }
    }
}
