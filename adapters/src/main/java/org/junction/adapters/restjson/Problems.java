package org.junction.adapters.restjson;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Problem details (RFC 9457) the partner APIs answer with. Each names the fields at fault and
 * why, never their values: the values may be personal data.
 */
public final class Problems {

    public static final String TYPE_BASE = "https://fhir.junction-hub.org/problems/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        return problem;
    }

    public static ProblemDetail withErrors(HttpStatus status, String type, String detail,
                                           List<Map<String, String>> errors) {
        ProblemDetail problem = of(status, type, detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    public static Map<String, String> error(String field, String reason) {
        return Map.of("field", field, "reason", reason);
    }
}
