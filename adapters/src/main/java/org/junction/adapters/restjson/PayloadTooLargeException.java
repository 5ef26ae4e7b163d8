package org.junction.adapters.restjson;

/** The body is over the configured limit; it was not read to the end. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(int limit) {
        super("body larger than " + limit + " bytes");
    }
}
