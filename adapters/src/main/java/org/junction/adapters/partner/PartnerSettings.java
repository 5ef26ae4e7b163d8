package org.junction.adapters.partner;

import java.util.List;
import org.junction.adapters.spi.AdapterSettings;

/**
 * One partner file ({@code partners/<id>.yaml}) as read, before it is checked.
 *
 * @param apiKeySha256 hex SHA-256 of the key the partner presents to the hub's API and broker: the
 *                     key itself is never configured, so a leaked file leaks no credential
 * @param delivery     the retry policy of deliveries to this partner, where it differs from the hub's; null for none
 */
public record PartnerSettings(String id, String name, PartnerKind kind, String apiKeySha256,
                              List<AdapterSettings> sources, AdapterSettings sink, DeliveryPolicy delivery) {

    public PartnerSettings(String id, String name, PartnerKind kind, String apiKeySha256,
                           List<AdapterSettings> sources, AdapterSettings sink) {
        this(id, name, kind, apiKeySha256, sources, sink, null);
    }

    public PartnerSettings {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    public Partner toPartner() {
        return new Partner(id, name, kind, sources, sink);
    }
}
