package org.junction.adapters.partner;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Set;

/**
 * One partner system as configured ({@code hub.partners[*]}).
 *
 * @param id             stable partner id used in queues, ledger records and agreements
 * @param name           display name of the organisation
 * @param kind           kind of organisation
 * @param inboundFormats mapper ids this partner may send in; empty when it only receives
 * @param apiKeySha256   hex SHA-256 of the partner's API key: the key itself is never configured,
 *                       so a leaked configuration file does not leak credentials
 * @param fhirEndpoint   base URL of the partner's FHIR R4 server, for partners that receive referrals as FHIR
 * @param fhirValidation how deeply FHIR from this partner is validated; RULES when not set
 * @param webhookEndpoint URL the hub POSTs referrals to, for partners that receive by webhook
 * @param webhookFormat  the outbound format rendered for the webhook (an outbound mapper id)
 * @param webhookSecret  reference (env:NAME or file:/path) to the HMAC key that signs deliveries
 */
public record PartnerSettings(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}", message = "lower-case letters, digits and hyphens") String id,
        @NotBlank String name,
        @NotNull PartnerKind kind,
        Set<String> inboundFormats,
        @Pattern(regexp = "[0-9a-f]{64}", message = "64 lower-case hex digits") String apiKeySha256,
        @Pattern(regexp = "https?://\\S+", message = "an http or https URL") String fhirEndpoint,
        FhirValidationLevel fhirValidation,
        @Pattern(regexp = "https?://\\S+", message = "an http or https URL") String webhookEndpoint,
        String webhookFormat,
        @Pattern(regexp = "(env|file):\\S+", message = "a reference, env:NAME or file:/path, never the secret itself")
        String webhookSecret) {

    public PartnerSettings {
        inboundFormats = inboundFormats == null ? Set.of() : Set.copyOf(inboundFormats);
        fhirValidation = fhirValidation == null ? FhirValidationLevel.RULES : fhirValidation;
    }
}
