package org.junction.adapters.restjson;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.partner.PartnerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a partner system by a bearer JWT from the hub's trusted issuer, the alternative to
 * a client certificate. The decoder checks signature (keys from the issuer's JWK set), issuer,
 * audience and lifetime; this filter then decides which partner the token stands for, by its
 * identifying claim listed under {@code token-subjects} in a partner file.
 * <ul>
 *   <li>no {@code Authorization: Bearer}: nothing happens here;</li>
 *   <li>a token that does not verify, or whose subject no partner lists: 401, whatever else the
 *       request carries (the token is never logged or echoed);</li>
 *   <li>a valid token of partner A with a client certificate or API key of another caller: 403.
 *       Naming another partner in {@value SenderClaimFilter#HEADER} is the sender-claim check's 403.</li>
 * </ul>
 */
public class PartnerTokenAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerTokenAuthenticationFilter.class);
    private static final String PREFIX = "bearer ";
    /** Subjects that look like machine client ids may be logged; anything else (an e-mail address, say) is not. */
    private static final Pattern LOGGABLE_SUBJECT = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final JwtDecoder decoder;
    private final String subjectClaim;
    private final Supplier<PartnerDirectory> partners;
    private final AuthenticationEntryPoint unauthenticated;
    private final AccessDeniedHandler denied;

    /**
     * @param decoder      null while the hub trusts no issuer: bearer tokens are then not read at all
     * @param subjectClaim the claim that names the partner's client; {@code sub} is read when the token lacks it
     * @param partners     the partners in force now: a reload may add or remove a subject between requests
     */
    public PartnerTokenAuthenticationFilter(JwtDecoder decoder, String subjectClaim, Supplier<PartnerDirectory> partners,
                                            AuthenticationEntryPoint unauthenticated, AccessDeniedHandler denied) {
        this.decoder = decoder;
        this.subjectClaim = subjectClaim;
        this.partners = partners;
        this.unauthenticated = unauthenticated;
        this.denied = denied;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (decoder == null || header == null || !header.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            chain.doFilter(request, response);
            return;
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(header.substring(PREFIX.length()).strip());
        } catch (JwtException invalid) {
            // The exception's message names the check that failed (issuer, audience, expiry,
            // signature), never the token: enough for an admin, nothing for a thief.
            LOG.warn("bearer token refused: {}", invalid.getClass().getSimpleName());
            refuse(request, response, "invalid_token");
            return;
        }
        String subject = subject(jwt);
        PartnerDirectory directory = partners.get();
        Optional<Partner> partner = directory.authenticateTokenSubject(subject);
        if (partner.isEmpty()) {
            LOG.warn("bearer token for subject {} is listed for no partner: refused",
                    subject != null && LOGGABLE_SUBJECT.matcher(subject).matches() ? subject : "(not shown)");
            refuse(request, response, "invalid_token");
            return;
        }
        String id = partner.get().id();
        var already = SecurityContextHolder.getContext().getAuthentication();
        if (already != null && !(already instanceof PartnerAuthentication known && known.getName().equals(id))) {
            LOG.warn("partner {} presented a bearer token beside another caller's certificate: refused", id);
            denied.handle(request, response, new AccessDeniedException("token and certificate name different callers"));
            return;
        }
        String key = request.getHeader(ApiKeyAuthenticationFilter.HEADER);
        if (key != null && !directory.authenticate(key).map(p -> p.id().equals(id)).orElse(false)) {
            LOG.warn("partner {} presented its bearer token with an API key that is not its own: refused", id);
            denied.handle(request, response, new AccessDeniedException("token and API key name different callers"));
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new PartnerAuthentication(partner.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }

    private String subject(Jwt jwt) {
        Object value = jwt.getClaims().get(subjectClaim);
        return value instanceof String text && !text.isBlank() ? text : jwt.getSubject();
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String error)
            throws IOException, ServletException {
        SecurityContextHolder.clearContext();
        // RFC 6750: tells the client to fetch a new token rather than retry this one.
        response.setHeader("WWW-Authenticate", "Bearer error=\"" + error + "\"");
        unauthenticated.commence(request, response, new BadCredentialsException("bearer token refused"));
    }
}
