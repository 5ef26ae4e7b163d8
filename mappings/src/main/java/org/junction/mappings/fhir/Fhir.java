package org.junction.mappings.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The one R4 {@link FhirContext} of the process. Building a context scans the whole model and
 * costs seconds, so it is shared; it is thread-safe, whereas parsers are not and are made per call.
 */
public final class Fhir {

    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    static {
        // Junction's Bundles reference every resource by its entry's fullUrl, so there is never a
        // resource without an id to contain; looking for one anyway walked every element before
        // each write and was about 40 % of serialising a referral (bench/README.md).
        CONTEXT.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
    }

    private Fhir() {
    }

    public static FhirContext context() {
        return CONTEXT;
    }

    /** Compact JSON, the form stored and sent between partners. */
    public static String toJson(IBaseResource resource) {
        return CONTEXT.newJsonParser().setPrettyPrint(false).encodeResourceToString(resource);
    }

    /**
     * Parses an R4 Bundle from JSON.
     *
     * @throws DataFormatException when the text is not a FHIR JSON Bundle
     */
    public static Bundle parseBundle(String json) {
        // By default HAPI replaces each entry's resource id with its urn:uuid fullUrl and then
        // omits that id when writing, so a parse-serialise round trip would drop every resource id.
        return CONTEXT.newJsonParser()
                .setOverrideResourceIdWithBundleEntryFullUrl(false)
                .parseResource(Bundle.class, json);
    }
}
