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
