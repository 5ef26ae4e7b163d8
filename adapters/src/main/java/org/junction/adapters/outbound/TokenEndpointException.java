package org.junction.adapters.outbound;

/**
 * The token endpoint gave no access token, so the delivery could not be attempted. Its message
 * names the endpoint's status only: the endpoint's answer may quote the assertion.
 */
public class TokenEndpointException extends RuntimeException {

    private final int status;
    private final boolean retryable;

    /**
     * @param status    the endpoint's HTTP status; 0 when it did not answer in time or at all
     * @param retryable whether a later attempt may succeed: an endpoint down or slow (5xx,
     *                  timeout) recovers, a refused client (400, 401) needs an admin
     */
    public TokenEndpointException(String partnerId, int status, boolean retryable, Throwable cause) {
        super("partner " + partnerId + ": the token endpoint gave no access token ("
                + (status == 0 ? "no answer" : "HTTP " + status) + ")", cause);
        this.status = status;
        this.retryable = retryable;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    /** A code for the ledger and the dead-letter header. */
    public String reasonCode() {
        return status == 0 ? "TOKEN_ENDPOINT_UNREACHABLE" : "TOKEN_ENDPOINT_HTTP_" + status;
    }
}
