package org.junction.adapters.intake;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junction.adapters.partner.FhirValidationLevel;
import org.junction.adapters.partner.Partner;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.MapperRegistry;
import org.junction.mappings.fhir.bars.BarsBundleMapper;
import org.junction.mappings.fhir.validation.FhirValidator;

/**
 * The inbound mapper to use for one partner's input: the registry's, except where the partner is
 * configured for full FHIR validation, which gets a FHIR mapper bound to the validator of its
 * level. Validators are built and warmed by {@link #prepare} (at start, and by a reload before it
 * applies), only for the levels some partner uses: building one costs seconds, a warmed one
 * milliseconds a bundle, so no message ever waits for one.
 */
public class PartnerMappers {

    private final MapperRegistry registry;
    private final Function<FhirValidationLevel, FhirValidator> validators;
    private final Map<FhirValidationLevel, BarsBundleMapper> validatingFhirMappers = new ConcurrentHashMap<>();

    /** @param validators builds the validator of a level (never RULES); may throw to say the level cannot be had */
    public PartnerMappers(MapperRegistry registry, Function<FhirValidationLevel, FhirValidator> validators) {
        this.registry = registry;
        this.validators = validators;
    }

    /**
     * Builds and warms the validators these partners need and that are not built yet.
     *
     * @throws IllegalStateException naming the partner whose level cannot be served
     */
    public void prepare(Collection<Partner> partners) {
        for (Partner partner : partners) {
            FhirValidationLevel level = partner.fhirValidation();
            if (level == FhirValidationLevel.RULES || validatingFhirMappers.containsKey(level)) {
                continue;
            }
            try {
                validatingFhirMappers.computeIfAbsent(level, l -> new BarsBundleMapper(validators.apply(l).warm()));
            } catch (RuntimeException e) {
                throw new IllegalStateException("partner '" + partner.id() + "': FHIR validation " + level
                        + " cannot be provided: " + e.getMessage(), e);
            }
        }
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
