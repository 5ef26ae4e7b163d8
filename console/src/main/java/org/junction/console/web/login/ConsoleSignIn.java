package org.junction.console.web.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * People's sign-in for the console, implemented by the hub with the same credential checks,
 * lockout and ledger events as the people's API login, and the same session.
 */
public interface ConsoleSignIn {

    /**
     * Checks the user id, password and code and, when they are right, starts the person's session.
     *
     * @return whether the person is now signed in; a refusal never says which factor was wrong
     */
    boolean signIn(String username, String password, String code, HttpServletRequest request,
                   HttpServletResponse response);

    void signOut(HttpServletRequest request);

    /** Where the browser starts single sign-on with the organisation's provider, when one is configured. */
    Optional<String> singleSignOnPath();
}
