package org.junction.adapters.partner;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junction.security.identity.ApiKeys;

/**
 * One consistent set of configured partners, looked up by id or by the API key they present.
 * Immutable: a configuration reload builds a new directory and swaps it in whole.
 */
public class PartnerDirectory {

    private final Map<String, Partner> byId = new LinkedHashMap<>();
    private final Map<String, byte[]> keyHashById = new LinkedHashMap<>();
    private final Map<String, Partner> byCertificate = new LinkedHashMap<>();
    private final Map<String, Partner> byTokenSubject = new LinkedHashMap<>();

    /** @param settings partners already checked by the configuration loader: ids and keys are unique */
    public PartnerDirectory(List<PartnerSettings> settings) {
        for (PartnerSettings s : settings) {
            if (byId.putIfAbsent(s.id(), s.toPartner()) != null) {
                throw new IllegalArgumentException("partner id '" + s.id() + "' is configured twice");
            }
            if (s.apiKeySha256() != null) {
                keyHashById.put(s.id(), HexFormat.of().parseHex(s.apiKeySha256()));
            }
            for (String fingerprint : s.clientCertificates()) {
                if (byCertificate.putIfAbsent(fingerprint, byId.get(s.id())) != null) {
                    throw new IllegalArgumentException("a client certificate of partner '" + s.id()
                            + "' is configured for another partner too");
                }
            }
            for (String subject : s.tokenSubjects()) {
                if (byTokenSubject.putIfAbsent(subject, byId.get(s.id())) != null) {
                    throw new IllegalArgumentException("a token subject of partner '" + s.id()
                            + "' is configured for another partner too");
                }
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
     * The partner a TLS client certificate identifies.
     *
     * @param sha256Hex lower-case hex SHA-256 of the certificate's DER encoding. A fingerprint is
     *                  public (the certificate travels in clear in older TLS), so no constant-time
     *                  comparison: possession of the key was proven by the handshake.
     */
    public Optional<Partner> authenticateCertificate(String sha256Hex) {
        return sha256Hex == null ? Optional.empty() : Optional.ofNullable(byCertificate.get(sha256Hex));
    }

    /**
     * The partner a bearer token stands for, by the value of its identifying claim. The token's
     * signature, issuer, audience and lifetime were checked before: the subject is then as public
     * as a certificate fingerprint, so a plain lookup.
     */
    public Optional<Partner> authenticateTokenSubject(String subject) {
        return subject == null ? Optional.empty() : Optional.ofNullable(byTokenSubject.get(subject));
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
