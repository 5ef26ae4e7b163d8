package org.junction.adapters.restjson;

/** The client took longer than allowed to send its body; what arrived is discarded. */
public class SlowRequestBodyException extends RuntimeException {

    public SlowRequestBodyException(long limitMillis) {
        super("body not received within " + limitMillis + " ms", null, false, false);
    }
}
