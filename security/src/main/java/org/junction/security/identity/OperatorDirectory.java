package org.junction.security.identity;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured operators, looked up by the API key they present. */
public class OperatorDirectory {

    private final Map<Operator, byte[]> keyHashes = new LinkedHashMap<>();

    public OperatorDirectory(List<OperatorSettings> settings) {
        for (OperatorSettings s : settings) {
            byte[] hash = HexFormat.of().parseHex(s.apiKeySha256());
            if (keyHashes.values().stream().anyMatch(h -> ApiKeys.matches(h, hash))) {
                throw new IllegalArgumentException("hub.operators: operator '" + s.id() + "' shares an API key with another");
            }
            keyHashes.put(new Operator(s.id(), s.organisation(), s.roles(), s.isHubWide(), s.roleTitles()), hash);
        }
    }

    /** Every configured hash is compared, so timing does not tell which operator came close. */
    public Optional<Operator> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            return Optional.empty();
        }
        byte[] presented = ApiKeys.sha256(presentedKey);
        Operator match = null;
        for (Map.Entry<Operator, byte[]> e : keyHashes.entrySet()) {
            if (ApiKeys.matches(presented, e.getValue())) {
                match = e.getKey();
            }
        }
        return Optional.ofNullable(match);
    }
}
