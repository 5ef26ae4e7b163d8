package org.junction.adapters.files;

/**
 * A partner's file that intake refused as a whole (wrong format, not a CSV, wrong header). It is
 * moved aside to {@code .error} rather than retried: the same bytes will never read better. The
 * message names the partner and the file id only; the mapping problems it carries name fields,
 * never values.
 */
public class UnreadableFileException extends RuntimeException {

    public UnreadableFileException(String partnerId, String fileId, RuntimeException cause) {
        super("file " + fileId + " from partner " + partnerId + " cannot be read: " + cause.getMessage(), cause);
    }

    /** True when {@code failure}, or any exception it wraps, is one of these. */
    static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnreadableFileException) {
                return true;
            }
        }
        return false;
    }
}
