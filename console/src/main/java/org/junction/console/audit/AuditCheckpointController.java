package org.junction.console.audit;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junction.security.audit.LedgerCheckpoint;
import org.junction.security.audit.LedgerCheckpoints;
import org.junction.security.keys.LedgerSigningKeys;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The ledger's signed checkpoints and the public keys that verify them, for partners to keep copies
 * of: a partner holding a checkpoint can later prove that the hub's chain up to it was not rewritten
 * or cut short. Both carry positions, hashes, times, key ids and signatures only, nothing about any
 * person or any organisation's flows, so every partner machine may read them, as may the hub-wide
 * IG leads and admins; an IG lead scoped to one organisation has no use for the whole hub's chain.
 */
@RestController
public class AuditCheckpointController {

    public static final String KEYS = "/api/v1/audit/keys";
    public static final String CHECKPOINTS = "/api/v1/audit/checkpoints";
    static final int MAX_LIMIT = 1000;
    private static final String WHO = "hasRole('PARTNER') or (hasAnyRole('IG_LEAD', 'HUB_ADMIN') and hasAuthority('HUB_WIDE'))";

    private final LedgerCheckpoints checkpoints;

    public AuditCheckpointController(LedgerCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    /** One ledger key: PEM (SubjectPublicKeyInfo) and the same key as a JWK (RFC 8037). */
    public record PublicKeyView(String keyId, String algorithm, boolean active, Instant createdAt, String publicKeyPem,
                                Map<String, String> jwk) {
    }

    /** A page of checkpoints, oldest first; ask again with {@code after=nextAfter} while it is not null. */
    public record CheckpointPage(List<LedgerCheckpoint> checkpoints, Long nextAfter) {
    }

    @GetMapping(KEYS)
    @PreAuthorize(WHO)
    public List<PublicKeyView> keys() {
        LedgerSigningKeys keys = checkpoints.keys();
        return keys.keys().values().stream().map(k -> new PublicKeyView(k.id(), "Ed25519",
                k.id().equals(keys.activeKeyId()), k.createdAt(), pem(k.publicKey().getEncoded()),
                Map.of("kty", "OKP", "crv", "Ed25519", "alg", "EdDSA", "use", "sig", "kid", k.id(),
                        "x", Base64.getUrlEncoder().withoutPadding().encodeToString(k.rawPublicKey()))))
                .toList();
    }

    @GetMapping(CHECKPOINTS)
    @PreAuthorize(WHO)
    public CheckpointPage checkpoints(@RequestParam(defaultValue = "0") long after,
                                      @RequestParam(defaultValue = "100") int limit) {
        if (after < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "after must be 0 or more and limit between 1 and " + MAX_LIMIT);
        }
        List<LedgerCheckpoint> page = checkpoints.page(after, limit);
        return new CheckpointPage(page, page.size() < limit ? null : page.get(page.size() - 1).seq());
    }

    private static String pem(byte[] spki) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
    }
}
