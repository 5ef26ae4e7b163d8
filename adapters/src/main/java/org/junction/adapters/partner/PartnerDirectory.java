package org.junction.adapters.partner;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junction.security.identity.ApiKeys;

/** The configured partners, looked up by id or by the API key they present. */
public class PartnerDirectory {

    private final Map<String, Partner> byId = new LinkedHashMap<>();
    private final Map<String, byte[]> keyHashById = new LinkedHashMap<>();

    public PartnerDirectory(List<PartnerSettings> settings) {
        for (PartnerSettings s : settings) {
            if (byId.containsKey(s.id())) {
                throw new IllegalArgumentException("hub.partners: partner id '" + s.id() + "' is configured twice");
            }
            if ((s.webhookEndpoint() == null) != (s.webhookFormat() == null)
                    || (s.webhookEndpoint() == null) != (s.webhookSecret() == null)) {
                throw new IllegalArgumentException("hub.partners: partner '" + s.id()
                        + "': webhook-endpoint, webhook-format and webhook-secret go together");
            }
            var webhook = s.webhookEndpoint() == null ? null
                    : new Partner.Webhook(s.webhookEndpoint(), s.webhookFormat(), s.webhookSecret());
            byId.put(s.id(), new Partner(s.id(), s.name(), s.kind(), s.inboundFormats(), s.fhirEndpoint(),
                    s.fhirValidation(), webhook));
            if (s.apiKeySha256() != null) {
                byte[] hash = HexFormat.of().parseHex(s.apiKeySha256());
                if (keyHashById.values().stream().anyMatch(h -> ApiKeys.matches(h, hash))) {
                    throw new IllegalArgumentException("hub.partners: partner '" + s.id() + "' shares an API key with another");
                }
                keyHashById.put(s.id(), hash);
            }
        }
    }

    public Optional<Partner> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Partner> all() {
        return List.copyOf(byId.values());
    }

    /**
     * The partner whose configured key hash matches the presented key. Every configured hash is
     * compared in constant time so the answer's timing says nothing about which partner came close.
     */
    public Optional<Partner> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = ApiKeys.sha256(presentedKey);
        Partner match = null;
        for (Map.Entry<String, byte[]> e : keyHashById.entrySet()) {
            if (ApiKeys.matches(presented, e.getValue())) {
                match = byId.get(e.getKey());
            }
        }
        return Optional.ofNullable(match);
    }
}
