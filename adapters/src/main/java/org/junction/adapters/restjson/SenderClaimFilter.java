package org.junction.adapters.restjson;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A partner may name itself in {@value #HEADER} (gateways that serve several partners do); the
 * name must be the partner its credential authenticated, else 403. The header never selects an
 * identity: the certificate or key alone does.
 */
public class SenderClaimFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Partner-ID";
    private final AccessDeniedHandler denied;

    public SenderClaimFilter(AccessDeniedHandler denied) {
        this.denied = denied;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String claimed = request.getHeader(HEADER);
        if (claimed != null && SecurityContextHolder.getContext().getAuthentication() instanceof PartnerAuthentication who
                && !who.getName().equals(claimed.strip())) {
            denied.handle(request, response, new AccessDeniedException("request names another partner"));
            return;
        }
        chain.doFilter(request, response);
    }
}
