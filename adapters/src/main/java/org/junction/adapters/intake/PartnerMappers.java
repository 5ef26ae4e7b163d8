package org.junction.adapters.intake;

import java.util.Map;
import java.util.Optional;
import org.junction.adapters.partner.FhirValidationLevel;
import org.junction.adapters.partner.Partner;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.MapperRegistry;
import org.junction.mappings.fhir.bars.BarsBundleMapper;
import org.junction.mappings.fhir.validation.FhirValidator;

/**
 * The inbound mapper to use for one partner's input: the registry's, except where the partner is
 * configured for full FHIR validation, which gets a FHIR mapper bound to the validator of its
 * level. Validators are built and warmed once, at start, only for the levels some partner uses.
 */
public class PartnerMappers {

    private final MapperRegistry registry;
    private final Map<FhirValidationLevel, BarsBundleMapper> validatingFhirMappers;

    /** @param validators one warmed validator per level that some partner uses (never RULES) */
    public PartnerMappers(MapperRegistry registry, Map<FhirValidationLevel, FhirValidator> validators) {
        this.registry = registry;
        this.validatingFhirMappers = validators.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        e -> new BarsBundleMapper(e.getValue())));
    }

    public Optional<InboundMapper> forPartner(Partner partner, String mapperId) {
        if (BarsBundleMapper.ID.equals(mapperId) && partner.fhirValidation() != FhirValidationLevel.RULES) {
            BarsBundleMapper validating = validatingFhirMappers.get(partner.fhirValidation());
            if (validating == null) {
                throw new IllegalStateException("no FHIR validator was built for level " + partner.fhirValidation());
            }
            return Optional.of(validating);
        }
        return registry.find(mapperId);
    }
}
