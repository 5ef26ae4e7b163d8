package org.junction.hub.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junction.security.people.PersonAdministration;

/**
 * A browser without JavaScript on the web console: keeps the session cookie, reads the CSRF token
 * from the last page's form like a browser submitting it, and posts forms url-encoded. Follows no
 * redirects, so tests see them.
 */
public final class ConsoleBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private final Function<String, URI> uri;
    private String cookie;
    private String csrf;

    public ConsoleBrowser(Function<String, URI> uri) {
        this.uri = uri;
    }

    /** Signs in through the console's form with the person's password and current code; fails unless redirected home. */
    public static ConsoleBrowser signedIn(Function<String, URI> uri, PersonAdministration.Issued person) {
        ConsoleBrowser browser = new ConsoleBrowser(uri);
        browser.get("/console/login");
        HttpResponse<String> answer = browser.post("/console/login", Map.of("username", person.id(),
                "password", person.password(), "code", People.code(person)));
        if (answer.statusCode() != 302 || !answer.headers().firstValue("Location").orElse("").endsWith("/console")) {
            throw new AssertionError("sign-in of " + person.id() + " answered " + answer.statusCode());
        }
        return browser;
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> answer = send(request(path).GET().build());
        Matcher token = CSRF.matcher(answer.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return answer;
    }

    /** Posts a form with the CSRF token of the last page fetched. */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        return postWithout(path, all);
    }

    /** Posts a form exactly as given: no CSRF token unless among the fields. */
    public HttpResponse<String> postWithout(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri.apply(path)).header("Accept", "text/html");
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        HttpResponse<String> answer = HubIntegrationTest.send(request);
        answer.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JUNCTION_SESSION="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().ifPresent(c -> cookie = c);
        return answer;
    }
}
