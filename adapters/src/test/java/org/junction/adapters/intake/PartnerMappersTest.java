package org.junction.adapters.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junction.adapters.partner.FhirValidationLevel;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.partner.PartnerKind;
import org.junction.mappings.MapperRegistry;
import org.junction.mappings.fhir.bars.BarsBundleMapper;
import org.junction.mappings.fhir.validation.FhirValidator;
import org.junit.jupiter.api.Test;

class PartnerMappersTest {

    private static final MapperRegistry REGISTRY = MapperRegistry.standard();

    @Test
    void partnerValidatedAtRulesLevelGetsTheRegistryMapper() {
        var mappers = new PartnerMappers(REGISTRY, Map.of());

        assertThat(mappers.forPartner(partner(FhirValidationLevel.RULES), BarsBundleMapper.ID))
                .containsSame(REGISTRY.find(BarsBundleMapper.ID).orElseThrow());
    }

    @Test
    void partnerValidatedInFullGetsAMapperBoundToItsLevelsValidator() {
        var mappers = new PartnerMappers(REGISTRY, Map.of(FhirValidationLevel.BASE_R4, FhirValidator.baseR4()));

        var mapper = mappers.forPartner(partner(FhirValidationLevel.BASE_R4), BarsBundleMapper.ID).orElseThrow();

        assertThat(mapper).isInstanceOf(BarsBundleMapper.class).isNotSameAs(REGISTRY.find(BarsBundleMapper.ID).orElseThrow());
        // Other formats of the same partner are not affected.
        assertThat(mappers.forPartner(partner(FhirValidationLevel.BASE_R4), "police-referral-json-v1"))
                .containsSame(REGISTRY.find("police-referral-json-v1").orElseThrow());
    }

    @Test
    void levelWithoutABuiltValidatorIsAConfigurationError() {
        var mappers = new PartnerMappers(REGISTRY, Map.of());

        assertThatThrownBy(() -> mappers.forPartner(partner(FhirValidationLevel.PACKAGES), BarsBundleMapper.ID))
                .hasMessageContaining("PACKAGES");
    }

    private static Partner partner(FhirValidationLevel level) {
        return new Partner("hospital-a", "Hospital A", PartnerKind.HEALTH, Set.of(BarsBundleMapper.ID), null, level);
    }
}
