package org.junction.security.keys;

/**
 * A keystore file could not be read, written or used: missing file, wrong password, damaged file, or
 * a required key id absent. Unchecked because a node cannot do anything useful without its keys; the
 * message names the file, the reason and key ids, never a password or key bytes.
 */
public final class KeyStoreFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyStoreFileException(String message) {
        super(message);
    }

    public KeyStoreFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
