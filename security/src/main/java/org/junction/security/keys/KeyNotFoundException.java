package org.junction.security.keys;

/**
 * A key id was asked for that the key ring does not hold. The message names the kind of key and the
 * id only; ids are not secret, and this is the detail an operator needs to find the missing keystore
 * entry.
 */
public final class KeyNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Which family of keys was searched. */
    public enum Kind {
        KEY_ENCRYPTION("key-encryption key"),
        PSEUDONYM("pseudonym key");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Kind kind;
    private final String keyId;

    public KeyNotFoundException(Kind kind, String keyId) {
        super("no " + kind.label() + " with id '" + keyId + "'");
        this.kind = kind;
        this.keyId = keyId;
    }

    public Kind kind() {
        return kind;
    }

    public String keyId() {
        return keyId;
    }
}
