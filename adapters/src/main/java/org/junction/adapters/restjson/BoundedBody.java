package org.junction.adapters.restjson;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, refusing a larger one without reading it to the end. */
public final class BoundedBody {

    private BoundedBody() {
    }

    public static byte[] read(HttpServletRequest http, int limit) throws IOException {
        if (http.getContentLengthLong() > limit) {
            throw new PayloadTooLargeException(limit);
        }
        try (InputStream in = http.getInputStream()) {
            // One byte past the limit is enough to know the body is too large.
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new PayloadTooLargeException(limit);
            }
            return body;
        }
    }
}
