package org.junction.adapters.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junction.adapters.partner.FhirValidationLevel;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.partner.PartnerKind;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.mappings.MapperRegistry;
import org.junction.mappings.fhir.bars.BarsBundleMapper;
import org.junction.mappings.fhir.validation.FhirValidator;
import org.junit.jupiter.api.Test;

class PartnerMappersTest {

    private static final MapperRegistry REGISTRY = MapperRegistry.standard();

    @Test
    void partnerValidatedAtRulesLevelGetsTheRegistryMapper() {
        var mappers = new PartnerMappers(REGISTRY, level -> {
            throw new AssertionError("no validator is needed at RULES");
        });
        mappers.prepare(List.of(partner(FhirValidationLevel.RULES)));

        assertThat(mappers.forPartner(partner(FhirValidationLevel.RULES), BarsBundleMapper.ID))
                .containsSame(REGISTRY.find(BarsBundleMapper.ID).orElseThrow());
    }

    @Test
    void partnerValidatedInFullGetsAMapperBoundToItsLevelsValidatorBuiltOnce() {
        AtomicInteger built = new AtomicInteger();
        var mappers = new PartnerMappers(REGISTRY, level -> {
            built.incrementAndGet();
            return FhirValidator.baseR4();
        });
        mappers.prepare(List.of(partner(FhirValidationLevel.BASE_R4), partner(FhirValidationLevel.BASE_R4)));
        mappers.prepare(List.of(partner(FhirValidationLevel.BASE_R4)));

        var mapper = mappers.forPartner(partner(FhirValidationLevel.BASE_R4), BarsBundleMapper.ID).orElseThrow();

        assertThat(built).hasValue(1);
        assertThat(mapper).isInstanceOf(BarsBundleMapper.class).isNotSameAs(REGISTRY.find(BarsBundleMapper.ID).orElseThrow());
        // Other formats of the same partner are not affected.
        assertThat(mappers.forPartner(partner(FhirValidationLevel.BASE_R4), "police-referral-json-v1"))
                .containsSame(REGISTRY.find("police-referral-json-v1").orElseThrow());
    }

    @Test
    void levelThatCannotBeBuiltIsRefusedNamingThePartner() {
        var mappers = new PartnerMappers(REGISTRY, level -> {
            throw new IllegalStateException("hub.fhir-package-dir is not set");
        });

        assertThatThrownBy(() -> mappers.prepare(List.of(partner(FhirValidationLevel.PACKAGES))))
                .hasMessageContaining("hospital-a").hasMessageContaining("PACKAGES")
                .hasMessageContaining("hub.fhir-package-dir");
    }

    @Test
    void levelWithoutAPreparedValidatorIsAConfigurationError() {
        var mappers = new PartnerMappers(REGISTRY, level -> FhirValidator.baseR4());

        assertThatThrownBy(() -> mappers.forPartner(partner(FhirValidationLevel.PACKAGES), BarsBundleMapper.ID))
                .hasMessageContaining("PACKAGES");
    }

    private static Partner partner(FhirValidationLevel level) {
        return new Partner("hospital-a", "Hospital A", PartnerKind.HEALTH, List.of(new AdapterSettings("fhir-r4", null,
                BarsBundleMapper.ID, null, Map.of(Partner.FHIR_VALIDATION_OPTION, level.name()))), null);
    }
}
