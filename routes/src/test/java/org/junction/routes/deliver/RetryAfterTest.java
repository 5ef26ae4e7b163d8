package org.junction.routes.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void secondsAndHttpDatesAreRead() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:05:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void pastDatesMeanNowAndFarFuturesAreCapped() {
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("86400", NOW)).isEqualTo(RetryAfter.LONGEST);
    }

    @Test
    void anythingElseIsNoRequest() {
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
    }

    @Test
    void headerIsFoundOnAnHttpFailureWhateverItsCase() {
        var failure = new HttpOperationFailedException("http://partner.example/x", 429, "Too Many Requests", null,
                Map.of("retry-after", "7"), "");
        assertThat(RetryAfter.of(new RuntimeException(failure))).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.of(new RuntimeException("no response"))).isNull();
    }
}
