package org.junction.adapters.spi;

import java.util.Map;
import java.util.Objects;

/**
 * One adapter of a partner as configured: the standard parameters every adapter type shares,
 * plus options only its type understands.
 *
 * @param type        adapter type id ({@code rest-json}, {@code fhir-r4}, {@code sftp-csv} ...)
 * @param endpoint    where the adapter connects (a URL, an SFTP or broker address); null for
 *                    sources the partner calls on the hub's own API
 * @param mapper      the format id: an inbound (or bulk) mapper for a source, an outbound one for a sink
 * @param credentials reference to a secret ({@code env:NAME} or {@code file:/path}), never the secret
 * @param options     type-specific settings, checked by the type
 */
public record AdapterSettings(String type, String endpoint, String mapper, String credentials,
                              Map<String, String> options) {

    public AdapterSettings {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public String option(String key, String fallback) {
        return Objects.requireNonNullElse(options.get(key), fallback);
    }
}
