package org.junction.security.crypto;

/**
 * A signature is missing, malformed or does not verify. The message is the reason, written for
 * the partner who sent the message; it never carries content or key material.
 */
public final class SignatureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SignatureException(String reason) {
        super(reason);
    }
}
