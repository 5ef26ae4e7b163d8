package org.junction.hub.people;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junction.adapters.restjson.PersonAuthentication;
import org.junction.adapters.restjson.Problems;
import org.junction.security.identity.Person;
import org.junction.security.people.AuthenticatedPerson;
import org.junction.security.people.PersonLogins;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * People's login with user name, password and TOTP code, answered with a session cookie (HttpOnly,
 * SameSite=Strict, Secure over TLS) and the CSRF token their unsafe requests must carry; and logout.
 * A failed login says only that it failed, never which factor.
 */
@RestController
public class LoginController {

    public static final String LOGIN = "/api/v1/login";
    public static final String LOGOUT = "/api/v1/logout";
    /** Who is calling, and their session's CSRF token: how a person logged in by single sign-on gets it. */
    public static final String SESSION = "/api/v1/session";
    private static final int MAX_FIELD = 256;

    private final PersonLogins logins;
    private final PeopleSessions sessions;

    public LoginController(PersonLogins logins, PeopleSessions sessions) {
        this.logins = logins;
        this.sessions = sessions;
    }

    /** @param code the 6-digit code the person's authenticator app shows now */
    public record LoginRequest(String username, String password, String code) {

        @Override
        public String toString() {
            return "LoginRequest[" + username + "]";
        }
    }

    /**
     * Who logged in, and the CSRF token to send back in {@code csrfHeader} with every POST.
     */
    public record LoginAnswer(String id, String organisation, Set<String> roles, Set<String> roleTitles,
                              boolean hubWide, String csrfHeader, String csrfToken) {
    }

    @PostMapping(path = LOGIN, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @PreAuthorize("permitAll()")
    public ResponseEntity<?> login(@RequestBody LoginRequest body, HttpServletRequest request,
                                   HttpServletResponse response) {
        if (blank(body.username()) || blank(body.password()) || blank(body.code())) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.withErrors(HttpStatus.BAD_REQUEST, "invalid-login",
                            "username, password and code are required.",
                            List.of(Problems.error("username, password, code", "required, at most " + MAX_FIELD
                                    + " characters"))));
        }
        var person = logins.login(body.username(), body.password(), body.code());
        if (person.isEmpty()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(HttpStatus.UNAUTHORIZED, "login-failed",
                            "The user name, password or code is not right, or this account cannot log in now."));
        }
        AuthenticatedPerson who = AuthenticatedPerson.of(person.get(), AuthenticatedPerson.PASSWORD_TOTP);
        CsrfToken token = sessions.start(new PersonAuthentication(who), request, response);
        return ResponseEntity.ok(answer(who, token));
    }

    /** Ends the session (with its CSRF token, as for any change made with a session). */
    @PostMapping(path = LOGOUT)
    @PreAuthorize("permitAll()")
    public ResponseEntity<Void> logout(HttpServletRequest request) {
        sessions.end(request);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = SESSION, produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR', 'IG_LEAD', 'DECISION_MAKER')")
    public ResponseEntity<LoginAnswer> session(@AuthenticationPrincipal Person person, HttpServletRequest request,
                                               HttpServletResponse response) {
        if (person == null) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        return ResponseEntity.ok(answer(AuthenticatedPerson.of(person, person instanceof AuthenticatedPerson a
                ? a.method() : "API_KEY"), sessions.csrfToken(request, response)));
    }

    static LoginAnswer answer(AuthenticatedPerson who, CsrfToken token) {
        Set<String> roles = new TreeSet<>();
        who.roles().forEach(r -> roles.add(r.name()));
        return new LoginAnswer(who.id(), who.organisation(), roles, new TreeSet<>(who.roleTitles()), who.hubWide(),
                token == null ? null : token.getHeaderName(), token == null ? null : token.getToken());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank() || s.length() > MAX_FIELD;
    }
}
