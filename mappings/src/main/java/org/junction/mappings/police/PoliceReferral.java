package org.junction.mappings.police;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A police referral that has passed validation. Optional fields are null when absent; everything
 * else is guaranteed present, so the Bundle builder needs no checks of its own.
 */
record PoliceReferral(
        String sourceRef,
        String incidentRef,
        String referralType,
        String referralKind,
        String purpose,
        String priority,
        Subject subject,
        List<String> concerns,
        Risk risk,
        String narrative,
        Officer officer,
        Consent consent) {

    record Subject(List<String> given, String family, LocalDate birthDate, String gender, String nhsNumber,
                   String policeNominalId, Address address) {
    }

    record Address(List<String> lines, String city, String postcode) {
    }

    record Risk(String tool, Integer score, String grade) {
    }

    record Officer(String name, String collarNumber, String station) {
    }

    /** {@code recordedAt} is present whenever a FHIR Consent is to be written. */
    record Consent(String status, Instant recordedAt) {

        boolean isDecision() {
            return "GIVEN".equals(status) || "REFUSED".equals(status);
        }
    }
}
