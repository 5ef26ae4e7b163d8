package org.junction.adapters.restjson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the OpenAPI description of the partner API, so partners can build and test against it. */
@RestController
public class OpenApiController {

    public static final String PATH = "/api/v1/openapi.yaml";
    private static final String RESOURCE = "/openapi/partner-api.yaml";
    private final String document;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the partner API description is missing from the build");
            }
            this.document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping(PATH)
    @PreAuthorize("hasRole('PARTNER')")
    public ResponseEntity<String> openApi() {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, "application/yaml").body(document);
    }
}
