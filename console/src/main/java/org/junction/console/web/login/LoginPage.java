package org.junction.console.web.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junction.console.web.ConsolePaths;
import org.junction.console.web.FormErrors;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign in with user id, password and the 6-digit code of the person's authenticator app (or with
 * the organisation's single sign-on where configured), and sign out. Like the API, a refused
 * sign-in says only that it failed, never which factor or whether the account is locked.
 */
@Controller
public class LoginPage {

    static final int MAX_FIELD = 256;
    static final String REFUSED = "The user ID, password or security code is not right, or this account cannot sign in now.";

    private final ConsoleSignIn signIn;

    public LoginPage(ConsoleSignIn signIn) {
        this.signIn = signIn;
    }

    @GetMapping(ConsolePaths.LOGIN)
    @PreAuthorize("permitAll()")
    public String form(Model model) {
        model.addAttribute("errors", new FormErrors());
        model.addAttribute("username", "");
        return page(model);
    }

    @PostMapping(ConsolePaths.LOGIN)
    @PreAuthorize("permitAll()")
    public String submit(@RequestParam(name = "username", required = false) String username,
                         @RequestParam(name = "password", required = false) String password,
                         @RequestParam(name = "code", required = false) String code,
                         Model model, HttpServletRequest request, HttpServletResponse response) {
        FormErrors errors = new FormErrors();
        if (tooLong(username)) {
            errors.add("username", "Your user ID must be " + MAX_FIELD + " characters or fewer");
        } else if (blank(username)) {
            errors.add("username", "Enter your user ID");
        }
        if (tooLong(password)) {
            errors.add("password", "Your password must be " + MAX_FIELD + " characters or fewer");
        } else if (blank(password)) {
            errors.add("password", "Enter your password");
        }
        if (code == null || !code.strip().matches("\\d{6}")) {
            errors.add("code", "Enter the 6-digit security code from your authenticator app");
        }
        if (errors.isEmpty() && signIn.signIn(username.strip(), password, code.strip(), request, response)) {
            return "redirect:" + ConsolePaths.ROOT;
        }
        if (errors.isEmpty()) {
            errors.add("username", REFUSED);
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
        } else {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
        }
        model.addAttribute("errors", errors);
        // The user id is shown again; the password and code never are.
        model.addAttribute("username", username == null || username.length() > MAX_FIELD ? "" : username);
        return page(model);
    }

    /**
     * Single sign-on that did not sign the person in ends here, as a page, not the API's problem
     * JSON: it says only that it failed, as the password sign-in does, whatever the provider said.
     */
    @GetMapping(ConsolePaths.SIGN_IN_FAILED)
    @PreAuthorize("permitAll()")
    public String singleSignOnFailed(HttpServletResponse response) {
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        return "console/sign-in-failed";
    }

    @PostMapping(ConsolePaths.LOGOUT)
    @PreAuthorize("permitAll()")
    public String signOut(HttpServletRequest request) {
        signIn.signOut(request);
        return "redirect:" + ConsolePaths.LOGIN + "?signedOut";
    }

    private String page(Model model) {
        model.addAttribute("singleSignOn", signIn.singleSignOnPath().orElse(null));
        return "console/login";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean tooLong(String value) {
        return value != null && value.length() > MAX_FIELD;
    }
}
