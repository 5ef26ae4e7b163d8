package org.junction.adapters.restjson;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junction.adapters.partner.Partner;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 with Retry-After when an authenticated partner has used up its requests. Runs after
 * authentication, so the bucket is the partner's own and a caller without a valid key never
 * reaches it (it gets 401); operators are not partners and are not limited here.
 */
public class PartnerRateLimitFilter extends OncePerRequestFilter {

    private final PartnerRateLimiter limiter;

    public PartnerRateLimitFilter(PartnerRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (who != null && who.getPrincipal() instanceof Partner partner) {
            Optional<Duration> wait = limiter.tryAcquire(partner.id());
            if (wait.isPresent()) {
                // Whole seconds, rounded up: Retry-After has no finer unit, and 0 would invite a retry storm.
                long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                RequestLimitFilter.refuse(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                        "Too many requests from this partner; retry after " + seconds + " seconds.");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
