package org.junction.adapters.partner;

import java.util.Set;

/** An authenticated partner system, as seen by intake and the partner APIs. */
public record Partner(String id, String name, PartnerKind kind, Set<String> inboundFormats, String fhirEndpoint,
                      FhirValidationLevel fhirValidation, Webhook webhook) {

    /** Where and how the hub delivers to a webhook partner; null for partners without one. */
    public record Webhook(String endpoint, String format, String secretReference) {
    }

    public Partner(String id, String name, PartnerKind kind, Set<String> inboundFormats, String fhirEndpoint,
                   FhirValidationLevel fhirValidation) {
        this(id, name, kind, inboundFormats, fhirEndpoint, fhirValidation, null);
    }

    public boolean maySend(String mapperId) {
        return inboundFormats.contains(mapperId);
    }

    public boolean receivesFhir() {
        return fhirEndpoint != null;
    }

    public boolean receivesWebhook() {
        return webhook != null;
    }

    /** Whether the hub has a way to deliver to this partner. */
    public boolean receives() {
        return receivesFhir() || receivesWebhook();
    }
}
