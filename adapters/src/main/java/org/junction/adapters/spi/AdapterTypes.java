package org.junction.adapters.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The adapter types this hub build ships, by type id. */
public final class AdapterTypes {

    private final Map<String, PartnerAdapter> byType = new LinkedHashMap<>();

    public AdapterTypes(List<? extends PartnerAdapter> types) {
        for (PartnerAdapter type : types) {
            if (byType.putIfAbsent(type.type(), type) != null) {
                throw new IllegalArgumentException("two adapter types claim the id " + type.type());
            }
        }
    }

    public Optional<PartnerAdapter> find(String type) {
        return Optional.ofNullable(type).map(byType::get);
    }

    public Set<String> ids() {
        return byType.keySet();
    }
}
