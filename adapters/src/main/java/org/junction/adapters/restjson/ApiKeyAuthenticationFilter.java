package org.junction.adapters.restjson;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.junction.adapters.partner.PartnerDirectory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a partner system by the API key in {@value #HEADER}. A missing or unknown key
 * leaves the request anonymous, and the security chain answers 401.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-API-Key";
    private final PartnerDirectory partners;

    public ApiKeyAuthenticationFilter(PartnerDirectory partners) {
        this.partners = partners;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key != null) {
            partners.authenticate(key).ifPresent(partner -> {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new PartnerAuthentication(partner));
                SecurityContextHolder.setContext(context);
            });
        }
        chain.doFilter(request, response);
    }
}
