package org.junction.adapters.partner;

import java.util.List;
import org.junction.adapters.spi.AdapterSettings;

/**
 * One partner file ({@code partners/<id>.yaml}) as read, before it is checked.
 *
 * @param apiKeySha256 hex SHA-256 of the key the partner presents to the hub's API and broker: the
 *                     key itself is never configured, so a leaked file leaks no credential
 * @param delivery     the retry policy of deliveries to this partner, where it differs from the hub's; null for none
 * @param clientCertificates lower-case hex SHA-256 fingerprints of the TLS client certificates that
 *                     identify the partner (two while a certificate is being rotated); empty for none
 * @param organisation the organisation the partner system belongs to; the partner id when the file names none
 * @param tokenSubjects the values of the identifying claim (by default {@code client_id}, else {@code sub}) of
 *                     bearer tokens from the hub's trusted issuer that stand for this partner; empty for none
 */
public record PartnerSettings(String id, String name, PartnerKind kind, String apiKeySha256,
                              List<AdapterSettings> sources, AdapterSettings sink, DeliveryPolicy delivery,
                              List<String> clientCertificates, String organisation, List<String> tokenSubjects) {

    public PartnerSettings(String id, String name, PartnerKind kind, String apiKeySha256,
                           List<AdapterSettings> sources, AdapterSettings sink, DeliveryPolicy delivery,
                           List<String> clientCertificates, String organisation) {
        this(id, name, kind, apiKeySha256, sources, sink, delivery, clientCertificates, organisation, List.of());
    }

    public PartnerSettings(String id, String name, PartnerKind kind, String apiKeySha256,
                           List<AdapterSettings> sources, AdapterSettings sink, DeliveryPolicy delivery,
                           List<String> clientCertificates) {
        this(id, name, kind, apiKeySha256, sources, sink, delivery, clientCertificates, id);
    }

    public PartnerSettings(String id, String name, PartnerKind kind, String apiKeySha256,
                           List<AdapterSettings> sources, AdapterSettings sink, DeliveryPolicy delivery) {
        this(id, name, kind, apiKeySha256, sources, sink, delivery, List.of());
    }

    public PartnerSettings(String id, String name, PartnerKind kind, String apiKeySha256,
                           List<AdapterSettings> sources, AdapterSettings sink) {
        this(id, name, kind, apiKeySha256, sources, sink, null);
    }

    public PartnerSettings {
        sources = sources == null ? List.of() : List.copyOf(sources);
        clientCertificates = clientCertificates == null ? List.of() : List.copyOf(clientCertificates);
        organisation = organisation == null ? id : organisation;
        tokenSubjects = tokenSubjects == null ? List.of() : List.copyOf(tokenSubjects);
    }

    public Partner toPartner() {
        return new Partner(id, name, kind, sources, sink, organisation);
    }
}
