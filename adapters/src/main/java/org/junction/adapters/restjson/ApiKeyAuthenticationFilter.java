package org.junction.adapters.restjson;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;
import org.junction.adapters.partner.PartnerDirectory;
import org.junction.security.identity.OperatorDirectory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a partner system, or an operator, by the API key in {@value #HEADER}. A missing
 * or unknown key leaves the request anonymous, and the security chain answers 401.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-API-Key";
    private final Supplier<PartnerDirectory> partners;
    private final OperatorDirectory operators;
    private final boolean enabled;

    /** @param partners the partners in force now: a reload may add or remove one between requests */
    public ApiKeyAuthenticationFilter(Supplier<PartnerDirectory> partners, OperatorDirectory operators) {
        this(partners, operators, true);
    }

    /** @param enabled false where API keys are not accepted (production): every key is then ignored, so the caller is anonymous */
    public ApiKeyAuthenticationFilter(Supplier<PartnerDirectory> partners, OperatorDirectory operators, boolean enabled) {
        this.partners = partners;
        this.operators = operators;
        this.enabled = enabled;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        // A client certificate, checked first, has already settled who this is (and that the key agrees).
        if (enabled && key != null && SecurityContextHolder.getContext().getAuthentication() == null) {
            Authentication who = partners.get().authenticate(key).<Authentication>map(PartnerAuthentication::new)
                    .or(() -> operators.authenticate(key).map(OperatorAuthentication::new))
                    .orElse(null);
            if (who != null) {
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(who);
                SecurityContextHolder.setContext(context);
            }
        }
        chain.doFilter(request, response);
    }
}
