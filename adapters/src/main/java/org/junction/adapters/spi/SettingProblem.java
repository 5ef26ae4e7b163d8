package org.junction.adapters.spi;

/**
 * Something wrong with one setting of an adapter.
 *
 * @param key    the setting, as written in the partner file ({@code endpoint}, {@code options.schedule})
 * @param reason what is wrong, in words an admin can act on; never a secret's value
 */
public record SettingProblem(String key, String reason) {
}
