package org.junction.adapters.config;

/**
 * One reason a configuration set cannot be used.
 *
 * @param file      the file, relative to the configuration directory
 * @param partner   the partner id the problem belongs to, or null
 * @param key       the key within the file ({@code sink.endpoint}), or null for the file as a whole
 * @param reason    what is wrong; never a secret's value
 * @param agreement the agreement id the problem belongs to, or null
 */
public record ConfigProblem(String file, String partner, String key, String reason, String agreement) {

    public ConfigProblem(String file, String partner, String key, String reason) {
        this(file, partner, key, reason, null);
    }

    /** A problem of an agreement file. */
    public static ConfigProblem ofAgreement(String file, String agreement, String key, String reason) {
        return new ConfigProblem(file, null, key, reason, agreement);
    }

    @Override
    public String toString() {
        return file + (partner == null ? "" : ": partner '" + partner + "'")
                + (agreement == null ? "" : ": agreement '" + agreement + "'") + (key == null ? "" : ": " + key)
                + ": " + reason;
    }
}
