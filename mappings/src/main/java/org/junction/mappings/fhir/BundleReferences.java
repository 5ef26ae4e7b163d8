package org.junction.mappings.fhir;

import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Resolves references between the entries of one message Bundle. Entries are found by fullUrl
 * ({@code urn:uuid:...}) and by {@code Type/id}, the two ways references in a message Bundle are
 * written.
 */
public final class BundleReferences {

    private static final String URN_UUID = "urn:uuid:";
    private final Map<String, Resource> byReference;

    private BundleReferences(Map<String, Resource> byReference) {
        this.byReference = byReference;
    }

    public static BundleReferences of(Bundle bundle) {
        Map<String, Resource> index = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource == null) {
                continue;
            }
            if (entry.hasFullUrl()) {
                index.putIfAbsent(entry.getFullUrl(), resource);
            }
            if (resource.getIdElement().hasIdPart()) {
                String idPart = resource.getIdElement().getIdPart();
                index.putIfAbsent(resource.fhirType() + "/" + idPart, resource);
                index.putIfAbsent(URN_UUID + idPart, resource);
            }
        }
        return new BundleReferences(index);
    }

    /** The resource the reference points at (contained inline, or an entry of the Bundle), or null. */
    public Resource resolve(Reference reference) {
        if (reference == null) {
            return null;
        }
        if (reference.getResource() instanceof Resource inline) {
            return inline;
        }
        return reference.hasReference() ? byReference.get(reference.getReference()) : null;
    }
}
