package org.junction.hub.people;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Set;
import org.junction.adapters.restjson.PersonAuthentication;
import org.junction.security.people.AuthenticatedPerson;
import org.junction.security.people.LocalUser;
import org.junction.security.people.PersonStore;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * People's sessions on the API that partner machines call statelessly. A session is created only by
 * a login (never by a partner's request); a request carrying one is authenticated from it, and
 * then every unsafe request must also carry the session's CSRF token in {@value #CSRF_HEADER}.
 * Requests without a session (partner certificates and keys) are untouched: no session, no token.
 */
public class PeopleSessions {

    public static final String CSRF_HEADER = "X-CSRF-TOKEN";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final HttpSessionCsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();
    private final HttpSessionSecurityContextRepository loggingIn = new HttpSessionSecurityContextRepository();
    private final PersonStore people;

    public PeopleSessions(PersonStore people) {
        this.people = people;
        csrfTokens.setHeaderName(CSRF_HEADER);
    }

    /** Adds session reading, CSRF for session requests, and the disabled-person check to a chain. */
    public HttpSecurity apply(HttpSecurity http) throws Exception {
        HttpSessionSecurityContextRepository reading = new HttpSessionSecurityContextRepository();
        reading.setAllowSessionCreation(false);
        return http
                .securityContext(c -> c.securityContextRepository(new DelegatingSecurityContextRepository(
                        new RequestAttributeSecurityContextRepository(), reading)))
                .csrf(c -> c.csrfTokenRepository(csrfTokens)
                        // The token is handed out in the login answer and sent back as is.
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(PeopleSessions::sessionChange))
                .addFilterAfter(new DisabledPersonFilter(people), SecurityContextHolderFilter.class);
    }

    /**
     * An unsafe request made with a session cookie: what a hostile page could make a logged-in
     * browser send. The login itself is exempt: it proves who is asking with its own credentials.
     */
    static boolean sessionChange(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod())
                && !LoginController.LOGIN.equals(request.getRequestURI())
                && request.getSession(false) != null;
    }

    /**
     * Starts a fresh session for a person who just logged in (any earlier session of this browser is
     * ended, so a planted session id is worth nothing) and returns its CSRF token.
     */
    public CsrfToken start(Authentication person, HttpServletRequest request, HttpServletResponse response) {
        HttpSession previous = request.getSession(false);
        if (previous != null) {
            previous.invalidate();
        }
        request.getSession(true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(person);
        SecurityContextHolder.setContext(context);
        loggingIn.saveContext(context, request, response);
        CsrfToken token = csrfTokens.generateToken(request);
        csrfTokens.saveToken(token, request, response);
        return token;
    }

    /** The CSRF token of the request's session (made now if it has none yet); null without a session. */
    public CsrfToken csrfToken(HttpServletRequest request, HttpServletResponse response) {
        if (request.getSession(false) == null) {
            return null;
        }
        CsrfToken token = csrfTokens.loadToken(request);
        if (token == null) {
            token = csrfTokens.generateToken(request);
            csrfTokens.saveToken(token, request, response);
        }
        return token;
    }

    public void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
    }

    /** A person disabled while logged in loses the session at their next request. */
    static final class DisabledPersonFilter extends OncePerRequestFilter {
        private final PersonStore people;

        DisabledPersonFilter(PersonStore people) {
            this.people = people;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getSession(false) != null
                    && SecurityContextHolder.getContext().getAuthentication() instanceof PersonAuthentication p
                    && AuthenticatedPerson.PASSWORD_TOTP.equals(p.getPrincipal().method())
                    && !people.find(p.getName()).map(LocalUser::enabled).orElse(false)) {
                request.getSession().invalidate();
                SecurityContextHolder.clearContext();
            }
            chain.doFilter(request, response);
        }
    }
}
