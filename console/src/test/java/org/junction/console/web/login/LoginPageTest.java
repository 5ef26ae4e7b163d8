package org.junction.console.web.login;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.junction.console.web.FormErrors;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.ui.ExtendedModelMap;

/** A field too long to be a user id or password is called too long, not missing; a failed single sign-on is a page. */
class LoginPageTest {

    private boolean signInAsked;

    private final LoginPage page = new LoginPage(new ConsoleSignIn() {
        @Override
        public boolean signIn(String username, String password, String code, HttpServletRequest request,
                              HttpServletResponse response) {
            signInAsked = true;
            return false;
        }

        @Override
        public void signOut(HttpServletRequest request) {
        }

        @Override
        public Optional<String> singleSignOnPath() {
            return Optional.empty();
        }
    });

    @Test
    void aUserIdOverTheLimitIsTooLongAndNeverTried() {
        var model = new ExtendedModelMap();
        var response = new MockHttpServletResponse();

        String view = page.submit("u".repeat(LoginPage.MAX_FIELD + 1), "a-password", "123456", model,
                new MockHttpServletRequest(), response);

        FormErrors errors = (FormErrors) model.get("errors");
        assertThat(view).isEqualTo("console/login");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(errors.get("username")).isEqualTo("Your user ID must be 256 characters or fewer");
        assertThat(errors.has("password")).isFalse();
        assertThat(model.get("username")).as("not shown again").isEqualTo("");
        assertThat(signInAsked).isFalse();
    }

    @Test
    void aMissingUserIdIsAskedFor() {
        var model = new ExtendedModelMap();

        page.submit("  ", "p".repeat(LoginPage.MAX_FIELD + 1), "123456", model, new MockHttpServletRequest(),
                new MockHttpServletResponse());

        FormErrors errors = (FormErrors) model.get("errors");
        assertThat(errors.get("username")).isEqualTo("Enter your user ID");
        assertThat(errors.get("password")).isEqualTo("Your password must be 256 characters or fewer");
    }

    @Test
    void aFailedSingleSignOnIsAPageThatSaysOnlyThatItFailed() {
        var response = new MockHttpServletResponse();

        String view = page.singleSignOnFailed(response);

        assertThat(view).isEqualTo("console/sign-in-failed");
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(signInAsked).isFalse();
    }
}
