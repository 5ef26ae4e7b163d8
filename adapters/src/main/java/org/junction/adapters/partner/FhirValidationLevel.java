package org.junction.adapters.partner;

/** How deeply the hub validates FHIR a partner sends, before mapping it. */
public enum FhirValidationLevel {
    /** Strict parse and the hub's structural and business rules only (always applied). */
    RULES,
    /** Also HAPI instance validation against base FHIR R4. */
    BASE_R4,
    /** Also validation against the profiles in the configured FHIR package directory (UK Core). */
    PACKAGES
}
