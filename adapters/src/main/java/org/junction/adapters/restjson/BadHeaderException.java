package org.junction.adapters.restjson;

/** A required header is missing or malformed. */
public class BadHeaderException extends RuntimeException {

    private final String header;

    public BadHeaderException(String header, String reason) {
        super(reason);
        this.header = header;
    }

    public String header() {
        return header;
    }
}
