package org.junction.adapters.partner;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junction.adapters.spi.AdapterSettings;

/**
 * A partner system as the hub knows it: who it is and the adapters it is reached by.
 *
 * @param sources how the partner sends to the hub (empty when it only receives)
 * @param sink    how the hub delivers to the partner; null when it only sends
 * @param organisation the organisation whose system this is: people of that organisation see what it
 *                     sent and received, and agreements name organisations as parties; several partner
 *                     systems may belong to one organisation
 */
public record Partner(String id, String name, PartnerKind kind, List<AdapterSettings> sources, AdapterSettings sink,
                      String organisation) {

    /** The option of a {@code fhir-r4} source that sets how deeply its FHIR is validated. */
    public static final String FHIR_VALIDATION_OPTION = "validation";

    public Partner {
        sources = List.copyOf(sources);
        organisation = organisation == null ? id : organisation;
    }

    /** A partner that is its own organisation. */
    public Partner(String id, String name, PartnerKind kind, List<AdapterSettings> sources, AdapterSettings sink) {
        this(id, name, kind, sources, sink, id);
    }

    /** Every format this partner may send in, whatever the adapter. */
    public Set<String> inboundFormats() {
        return sources.stream().map(AdapterSettings::mapper).collect(Collectors.toUnmodifiableSet());
    }

    public boolean maySend(String mapperId) {
        return inboundFormats().contains(mapperId);
    }

    /** Whether the hub has a way to deliver to this partner. */
    public boolean receives() {
        return sink != null;
    }

    /** Whether this partner has a source of {@code type} in format {@code mapperId}: the format alone is not enough. */
    public boolean sends(String type, String mapperId) {
        return sources.stream().anyMatch(s -> s.type().equals(type) && s.mapper().equals(mapperId));
    }

    /** How deeply FHIR this partner sends is validated: its {@code fhir-r4} sources' setting, RULES when unset. */
    public FhirValidationLevel fhirValidation() {
        return sources.stream().filter(s -> s.options().containsKey(FHIR_VALIDATION_OPTION))
                .map(s -> FhirValidationLevel.valueOf(s.options().get(FHIR_VALIDATION_OPTION)))
                .findFirst().orElse(FhirValidationLevel.RULES);
    }
}
