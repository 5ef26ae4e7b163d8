package org.junction.adapters.config;

/**
 * One reason a configuration set cannot be used.
 *
 * @param file    the file, relative to the configuration directory
 * @param partner the partner id the problem belongs to, or null
 * @param key     the key within the file ({@code sink.endpoint}), or null for the file as a whole
 * @param reason  what is wrong; never a secret's value
 */
public record ConfigProblem(String file, String partner, String key, String reason) {

    @Override
    public String toString() {
        return file + (partner == null ? "" : ": partner '" + partner + "'") + (key == null ? "" : ": " + key)
                + ": " + reason;
    }
}
