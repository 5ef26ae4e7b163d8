package org.junction.hub.people;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.junction.adapters.restjson.PersonAuthentication;
import org.junction.console.web.login.ConsoleSignIn;
import org.junction.hub.people.oidc.OidcProperties;
import org.junction.security.people.AuthenticatedPerson;
import org.junction.security.people.PersonLogins;

/**
 * The console's sign-in: the people's API login by another door. The same credential check,
 * lockout and ledger events ({@link PersonLogins}) and the same session ({@link PeopleSessions}),
 * so a person signed in to the console may also call the people's API, and the other way round.
 */
public class ConsolePeopleSignIn implements ConsoleSignIn {

    private final PersonLogins logins;
    private final PeopleSessions sessions;
    private final OidcProperties oidc;

    public ConsolePeopleSignIn(PersonLogins logins, PeopleSessions sessions, OidcProperties oidc) {
        this.logins = logins;
        this.sessions = sessions;
        this.oidc = oidc;
    }

    @Override
    public boolean signIn(String username, String password, String code, HttpServletRequest request,
                          HttpServletResponse response) {
        var person = logins.login(username, password, code);
        if (person.isEmpty()) {
            return false;
        }
        sessions.start(new PersonAuthentication(AuthenticatedPerson.of(person.get(), AuthenticatedPerson.PASSWORD_TOTP)),
                request, response);
        return true;
    }

    @Override
    public void signOut(HttpServletRequest request) {
        sessions.end(request);
    }

    @Override
    public Optional<String> singleSignOnPath() {
        return oidc != null && oidc.enabled()
                ? Optional.of("/oauth2/authorization/" + oidc.registrationId()) : Optional.empty();
    }
}
