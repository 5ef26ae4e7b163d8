package org.junction.mappings.fhir.bars;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.json.JsonLimits;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * Strict parsing of a partner's FHIR R4 resource, JSON or XML. The strict parse is the schema
 * check of the FHIR formats: an unknown element, a wrong type or an invalid code of a FHIR enum
 * refuses the whole input as malformed, before any business rule is looked at.
 */
final class FhirInput {

    static final String DOCTYPE_REFUSED = "must not contain a DOCTYPE: DTDs and entities are refused";

    private FhirInput() {
    }

    /**
     * @throws MappingException (malformed, field {@code $}) when the bytes are not one FHIR R4
     *                          resource; the parser's own message is not passed on, as it may quote the input
     */
    static IBaseResource parse(String mapperId, byte[] input) {
        if (input == null || input.length == 0) {
            throw refused(mapperId, "is empty");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(input))
                    .toString();
        } catch (CharacterCodingException e) {
            throw refused(mapperId, "is not UTF-8 text");
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String start = body.stripLeading();
        IParser parser;
        if (start.startsWith("{")) {
            // HAPI reads JSON with a Jackson mapper of its own that the hub cannot configure.
            JsonLimits.check(mapperId, input);
            parser = Fhir.context().newJsonParser();
        } else if (start.startsWith("<")) {
            // HAPI's StAX reader is set up not to resolve DTDs or external entities; refusing any
            // DOCTYPE here keeps that true whichever StAX implementation is on the classpath.
            if (body.contains("<!DOCTYPE")) {
                throw refused(mapperId, DOCTYPE_REFUSED);
            }
            parser = Fhir.context().newXmlParser();
        } else {
            throw refused(mapperId, "is not FHIR JSON or XML");
        }
        parser.setParserErrorHandler(new StrictErrorHandler());
        // Keep each entry's own resource id: references inside the message may use Type/id.
        parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
        try {
            return parser.parseResource(body);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw refused(mapperId, "is not a valid FHIR R4 resource (strict parse)");
        }
    }

    private static MappingException refused(String mapperId, String reason) {
        return new MappingException(mapperId, List.of(Violation.malformed("$", reason)));
    }
}
