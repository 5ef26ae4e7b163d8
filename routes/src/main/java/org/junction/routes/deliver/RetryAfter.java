package org.junction.routes.deliver;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;

/** The wait a partner asked for in a {@code Retry-After} header (seconds or an HTTP date), if any. */
final class RetryAfter {

    /** A partner may not park its own messages for longer than this by asking. */
    static final Duration LONGEST = Duration.ofHours(1);

    private RetryAfter() {
    }

    static Duration of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String value = null;
            if (t instanceof HttpOperationFailedException http && http.getResponseHeaders() != null) {
                value = header(http.getResponseHeaders());
            } else if (t instanceof BaseServerResponseException server && server.getResponseHeaders() != null) {
                value = headerOfLists(server.getResponseHeaders());
            }
            if (value != null) {
                return parse(value.strip(), Instant.now());
            }
        }
        return null;
    }

    static Duration parse(String value, Instant now) {
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }

    private static String header(Map<String, String> headers) {
        return headers.entrySet().stream().filter(e -> "retry-after".equalsIgnoreCase(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static String headerOfLists(Map<String, List<String>> headers) {
        return headers.entrySet().stream().filter(e -> "retry-after".equalsIgnoreCase(e.getKey()))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }
}
