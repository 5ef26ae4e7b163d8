package org.junction.mappings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junction.mappings.police.PoliceReferralJsonMapper;
import org.junit.jupiter.api.Test;

class MapperRegistryTest {

    @Test
    void standardRegistryFindsThePoliceMapperById() {
        MapperRegistry registry = MapperRegistry.standard();

        assertThat(registry.find("police-referral-json-v1")).get().isInstanceOf(PoliceReferralJsonMapper.class);
        assertThat(registry.ids()).contains("police-referral-json-v1");
    }

    @Test
    void standardRegistryHoldsEveryShippedFormatInEachDirection() {
        MapperRegistry registry = MapperRegistry.standard();

        assertThat(registry.ids()).containsExactlyInAnyOrder("police-referral-json-v1", "police-referral-xml-v1",
                "council-referral-json-v1", "mash-outcome-json-v1", "fhir-bars-r4-v1", "fhir-feedback-r4-v1",
                "volunteer-outcome-json-v1");
        assertThat(registry.outboundIds()).containsExactlyInAnyOrder("council-referral-json-v1", "council-referral-csv-v1",
                "mash-referral-json-v1", "fhir-bars-r4-v1", "volunteer-stepdown-json-v1");
        assertThat(registry.bulkIds()).containsExactly("police-high-demand-csv-v1");
        // Every shipped format id has its documentation.
        for (String id : concat(registry)) {
            assertThat(java.nio.file.Path.of("formats", id + ".md")).as(id).exists();
        }
    }

    private static java.util.Set<String> concat(MapperRegistry registry) {
        var all = new java.util.TreeSet<>(registry.ids());
        all.addAll(registry.outboundIds());
        all.addAll(registry.bulkIds());
        return all;
    }

    @Test
    void anUnknownOrMissingIdFindsNothing() {
        assertThat(MapperRegistry.standard().find("council-cru-json-v9")).isEmpty();
        assertThat(MapperRegistry.standard().find(null)).isEmpty();
    }

    @Test
    void refusesTwoMappersWithTheSameId() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                new MapperRegistry(List.of(new PoliceReferralJsonMapper(), new PoliceReferralJsonMapper())));
    }
}
