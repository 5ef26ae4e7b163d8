package org.junction.adapters.restjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.partner.PartnerKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

class PartnerRateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final PartnerRateLimiter limiter = new PartnerRateLimiter(3, 2.0, now::get);

    @AfterEach
    void clearContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aBurstIsAllowedThenTheNextRequestWaitsForATokenAtTheConfiguredRate() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("police-a")).isEmpty();
        }
        assertThat(limiter.tryAcquire("police-a")).hasValue(Duration.ofMillis(500));

        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(limiter.tryAcquire("police-a")).isEmpty();
        assertThat(limiter.tryAcquire("police-a")).isPresent();
    }

    @Test
    void eachPartnerHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("police-a");
        }
        assertThat(limiter.tryAcquire("police-a")).isPresent();
        assertThat(limiter.tryAcquire("council-b")).isEmpty();
    }

    @Test
    void aQuietPartnerRefillsOnlyUpToTheBurst() {
        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("police-a")).isEmpty();
        }
        assertThat(limiter.tryAcquire("police-a")).isPresent();
    }

    @Test
    void theFilterAnswers429WithRetryAfterInWholeSecondsForAnAuthenticatedPartnerOnly() throws Exception {
        var filter = new PartnerRateLimitFilter(new PartnerRateLimiter(1, 0.1, now::get));
        Partner partner = new Partner("police-a", "Police A", PartnerKind.POLICE, List.of(), null);
        SecurityContextHolder.getContext().setAuthentication(new PartnerAuthentication(partner));

        var first = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/referrals"), first, (req, res) -> { });
        var second = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/referrals"), second, (req, res) -> {
            throw new AssertionError("must not reach the endpoint");
        });

        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(second.getStatus()).isEqualTo(429);
        assertThat(second.getHeader("Retry-After")).isEqualTo("10");
        assertThat(second.getContentAsString()).contains("rate-limited");

        SecurityContextHolder.clearContext();
        var anonymous = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/referrals"), anonymous, (req, res) -> { });
        assertThat(anonymous.getStatus()).isEqualTo(200);
    }
}
