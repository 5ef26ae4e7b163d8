package org.junction.security.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Set;

/**
 * JWS with detached content (RFC 7515, appendix F): the compact serialisation with its payload part
 * left empty, {@code <header>..<signature>}, sent beside the body. The payload is the standard
 * base64url encoding of the body as sent (the unencoded-payload option of RFC 7797 is not
 * supported, so {@code b64} and any other critical header is refused). Algorithms RS256, PS256 and
 * ES256 only; {@code none}, HMAC and the rest are refused, and the algorithm must match the key of
 * the partner's certificate. JDK provider throughout.
 */
public final class DetachedJws {

    public static final Set<String> ALGORITHMS = Set.of("RS256", "PS256", "ES256");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();
    private static final int MAX_HEADER_CHARS = 4096;

    private DetachedJws() {
    }

    /** What a sender does: signs {@code payload} and returns {@code <header>..<signature>}. */
    public static String sign(byte[] payload, PrivateKey key, String algorithm) {
        requireAlgorithm(algorithm, key);
        String header = B64.encodeToString(("{\"alg\":\"" + algorithm + "\"}").getBytes(StandardCharsets.US_ASCII));
        try {
            Signature signer = signature(algorithm);
            signer.initSign(key);
            signer.update(signingInput(header, payload));
            return header + ".." + B64.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot sign: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Checks a detached JWS over {@code payload} with {@code key}.
     *
     * @throws SignatureException naming the reason
     */
    public static void verify(String jws, byte[] payload, PublicKey key) {
        if (jws == null || jws.isBlank()) {
            throw new SignatureException("missing");
        }
        String[] parts = jws.strip().split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
            throw new SignatureException("not a compact JWS");
        }
        if (!parts[1].isEmpty()) {
            throw new SignatureException("the payload part must be empty (detached content)");
        }
        if (parts[0].length() > MAX_HEADER_CHARS) {
            throw new SignatureException("the JWS header is too long");
        }
        JsonNode header;
        byte[] signatureBytes;
        try {
            header = JSON.readTree(B64_DECODE.decode(parts[0]));
            signatureBytes = B64_DECODE.decode(parts[2]);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new SignatureException("the JWS is not valid base64url JSON");
        }
        if (header == null || !header.isObject() || !header.path("alg").isTextual()) {
            throw new SignatureException("the JWS header names no algorithm");
        }
        if (header.has("crit") || header.has("b64")) {
            throw new SignatureException("critical and unencoded-payload headers are not supported");
        }
        String algorithm = header.get("alg").asText();
        requireAlgorithm(algorithm, key);
        try {
            Signature verifier = signature(algorithm);
            verifier.initVerify(key);
            verifier.update(signingInput(parts[0], payload));
            if (!verifier.verify(signatureBytes)) {
                throw new SignatureException("the signature does not match the body");
            }
        } catch (java.security.SignatureException e) {
            throw new SignatureException("the signature does not match the body");
        } catch (GeneralSecurityException e) {
            throw new SignatureException("the signature cannot be checked: " + e.getClass().getSimpleName());
        }
    }

    private static void requireAlgorithm(String algorithm, java.security.Key key) {
        if (!ALGORITHMS.contains(algorithm)) {
            throw new SignatureException("algorithm '" + sanitise(algorithm) + "' is not accepted (only " + ALGORITHMS + ")");
        }
        boolean fits = algorithm.equals("ES256") ? key instanceof ECKey : key instanceof RSAKey;
        if (!fits) {
            throw new SignatureException("algorithm " + algorithm + " does not fit the partner's " + key.getAlgorithm()
                    + " key");
        }
    }

    private static Signature signature(String algorithm) throws GeneralSecurityException {
        return switch (algorithm) {
            case "RS256" -> Signature.getInstance("SHA256withRSA");
            case "ES256" -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case "PS256" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            default -> throw new IllegalArgumentException(algorithm);
        };
    }

    private static byte[] signingInput(String encodedHeader, byte[] payload) {
        return (encodedHeader + "." + B64.encodeToString(payload)).getBytes(StandardCharsets.US_ASCII);
    }

    /** The algorithm a partner sent is echoed in the reason; only a short, plain form of it. */
    private static String sanitise(String value) {
        String plain = value.replaceAll("[^A-Za-z0-9_-]", "?");
        return plain.length() > 16 ? plain.substring(0, 16) : plain;
    }
}
