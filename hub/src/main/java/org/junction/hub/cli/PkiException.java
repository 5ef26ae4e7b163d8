package org.junction.hub.cli;

/** A PKI command that cannot be carried out; the message names files and ids, never a secret. */
public class PkiException extends RuntimeException {

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
