package org.junction.adapters.partner;

import java.util.Set;

/** An authenticated partner system, as seen by intake and the partner APIs. */
public record Partner(String id, String name, PartnerKind kind, Set<String> inboundFormats, String fhirEndpoint,
                      FhirValidationLevel fhirValidation) {

    public boolean maySend(String mapperId) {
        return inboundFormats.contains(mapperId);
    }

    public boolean receivesFhir() {
        return fhirEndpoint != null;
    }
}
