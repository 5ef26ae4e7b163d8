package org.junction.security.pseudonym;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import org.junction.mappings.canonical.SubjectIdentifier;
import org.junction.security.keys.KeyRing;

/**
 * Keyed pseudonyms of identifiers (NHS number, police reference, council case id) so that the ledger
 * and indexes can link records about the same person without holding the identifier itself.
 *
 * <p>The pseudonym is HMAC-SHA256, under a pseudonym key from the ring, of {@code system|value} after
 * normalisation: the system is trimmed and lower-cased, and all whitespace is removed from the value
 * and it is upper-cased, so that the same identifier typed differently ("943 476 5919" and
 * "9434765919", "n123" and "N123") yields the same pseudonym. A plain hash would not do: identifiers
 * such as NHS numbers are few enough to be enumerated, and the key is what stops that.
 *
 * <p>Thread safe: a {@link Mac} is created per call because Mac instances are stateful, and creating
 * one costs little next to the hashing.
 */
public final class Pseudonymiser {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PROVIDER = "SunJCE";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyRing keys;

    public Pseudonymiser(KeyRing keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The pseudonym of {@code value} in identifier system {@code system}, under the active key.
     *
     * @throws IllegalArgumentException if the system is blank or contains '|', or the value is blank
     */
    public Pseudonym pseudonymise(String system, String value) {
        return pseudonymiseWith(keys.activePseudonymKeyId(), system, value);
    }

    /**
     * As {@link #pseudonymise} under a named key, typically an older one, to find records
     * pseudonymised before a rotation.
     *
     * @throws org.junction.security.keys.KeyNotFoundException if the ring holds no such key
     */
    public Pseudonym pseudonymiseWith(String keyId, String system, String value) {
        Objects.requireNonNull(keyId, "keyId");
        byte[] input = normalised(system, value).getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance(ALGORITHM, PROVIDER);
            mac.init(keys.pseudonymKey(keyId));
            return new Pseudonym(keyId, BASE64URL.encodeToString(mac.doFinal(input)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute pseudonym under key '" + keyId + "': "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The string that is hashed. The system may not contain '|' so the first '|' always ends it;
     * otherwise ("a|b", "c") and ("a", "b|c") would collide.
     */
    static String normalised(String system, String value) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(value, "value");
        String s = system.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("identifier system is blank");
        }
        if (s.indexOf('|') >= 0) {
            throw new IllegalArgumentException("identifier system '" + s + "' contains '|'");
        }
        String v = stripWhitespace(value).toUpperCase(Locale.ROOT);
        if (v.isEmpty()) {
            // the message must not echo the value: it is the identifier being protected
            throw new IllegalArgumentException("identifier value for system '" + s + "' is blank");
        }
        return s + "|" + v;
    }

    /**
     * Removes Java whitespace and also Unicode space separators such as the no-break space, which
     * {@link Character#isWhitespace} leaves in but which identifiers pasted from documents often carry.
     */
    private static String stripWhitespace(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints()
                .filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp))
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /**
     * The pseudonyms of one identifier under every pseudonym key the ring holds, active key first:
     * what a search looks for, since records made before a key rotation carry an older key's pseudonym.
     */
    public List<String> pseudonymsUnderEveryKey(String system, String value) {
        List<String> all = new java.util.ArrayList<>();
        all.add(pseudonymise(system, value).toString());
        for (String keyId : keys.pseudonymKeyIds()) {
            if (!keyId.equals(keys.activePseudonymKeyId())) {
                all.add(pseudonymiseWith(keyId, system, value).toString());
            }
        }
        return List.copyOf(all);
    }

    /**
     * One pseudonym ({@code keyId:value}) per identifier of a subject, in order: what ledger events,
     * consent records and broker headers carry instead of the identifiers.
     */
    public List<String> pseudonymsOf(List<SubjectIdentifier> identifiers) {
        return identifiers.stream().map(id -> pseudonymise(id.system(), id.value()).toString()).toList();
    }
}
