package org.junction.mappings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junction.mappings.police.PoliceReferralJsonMapper;

/** The inbound mappers known to the hub, by format id. Immutable, so it can be shared freely. */
public final class MapperRegistry {

    private final Map<String, InboundMapper> byId;

    public MapperRegistry(List<? extends InboundMapper> mappers) {
        Map<String, InboundMapper> map = new LinkedHashMap<>();
        for (InboundMapper mapper : mappers) {
            if (map.putIfAbsent(mapper.id(), mapper) != null) {
                throw new IllegalArgumentException("two mappers claim the id " + mapper.id());
            }
        }
        this.byId = Map.copyOf(map);
    }

    public static MapperRegistry standard() {
        return new MapperRegistry(List.of(new PoliceReferralJsonMapper()));
    }

    public Optional<InboundMapper> find(String id) {
        return Optional.ofNullable(id).map(byId::get);
    }

    public Set<String> ids() {
        return byId.keySet();
    }
}
