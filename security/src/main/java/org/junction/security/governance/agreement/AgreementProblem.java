package org.junction.security.governance.agreement;

/**
 * One reason an agreement file cannot be used.
 *
 * @param file      the file, relative to the configuration directory
 * @param agreement the agreement id, or null when the file names none usable
 * @param key       the key within the file ({@code flows[0].data-items[2]}), or null for the file as a whole
 * @param reason    what is wrong; never a value from the file
 */
public record AgreementProblem(String file, String agreement, String key, String reason) {

    @Override
    public String toString() {
        return file + (agreement == null ? "" : ": agreement '" + agreement + "'") + (key == null ? "" : ": " + key)
                + ": " + reason;
    }
}
