package org.junction.hub.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junction.security.identity.Role;
import org.junction.security.people.Base32;
import org.junction.security.people.PersonAdministration;
import org.junction.security.people.Totp;

/**
 * People for hub integration tests: created in the hub's database through its own administration
 * (as {@code junction users add} does), logged in over HTTP like a browser, and their session used.
 */
public final class People {

    private static final ObjectMapper JSON = new ObjectMapper();

    private People() {
    }

    /** A logged-in person's session: the cookie the hub set, and the CSRF token its login answered. */
    public record Session(String id, String cookie, String csrfToken) {

        /** A request carrying the session cookie (no CSRF token). */
        public HttpRequest.Builder request(URI uri) {
            return HttpRequest.newBuilder(uri).header("Cookie", cookie);
        }

        /** A POST carrying both the cookie and the CSRF token. */
        public HttpRequest post(URI uri, String json) {
            return request(uri).header("X-CSRF-TOKEN", csrfToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        }
    }

    public static PersonAdministration.Issued add(PersonAdministration people, String id, String organisation,
                                                  boolean hubWide, Role... roles) {
        return people.add(id, organisation, Set.of(roles), List.of(), hubWide, "TEST");
    }

    /** The code the person's authenticator app shows now. */
    public static String code(PersonAdministration.Issued issued) {
        return Totp.code(Base32.decode(issued.totpSecret()), Totp.step(Instant.now()));
    }

    public static HttpResponse<String> login(URI loginUri, String username, String password, String code) {
        try {
            String body = JSON.writeValueAsString(Map.of("username", username, "password", password, "code", code));
            return HubIntegrationTest.send(HttpRequest.newBuilder(loginUri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Logs the person in with their current code; fails the test unless the hub answers 200 with a session. */
    public static Session logIn(URI loginUri, PersonAdministration.Issued issued) {
        HttpResponse<String> answer = login(loginUri, issued.id(), issued.password(), code(issued));
        if (answer.statusCode() != 200) {
            throw new AssertionError("login of " + issued.id() + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return session(issued.id(), answer);
    }

    public static Session session(String id, HttpResponse<String> loginAnswer) {
        String cookie = loginAnswer.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JUNCTION_SESSION=")).map(c -> c.substring(0, c.indexOf(';')))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie in " + loginAnswer.headers()));
        try {
            return new Session(id, cookie, JSON.readTree(loginAnswer.body()).get("csrfToken").asText());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
