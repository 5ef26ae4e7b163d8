package org.junction.security.crypto;

/**
 * An envelope could not be sealed or opened. Unchecked because callers cannot recover from it other
 * than by recording the failure. The message states the reason and, where known, the key id; it
 * never carries plaintext, associated data or key bytes, so it can be logged and stored as is.
 */
public final class CryptoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
