package org.junction.adapters.restjson;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first line against hostile bodies, for every endpoint of the listener whatever reads the
 * body afterwards: a declared length over the limit is answered 413 before a byte is read, and
 * an undeclared (chunked) body is cut off one byte past the limit or when it has taken longer
 * than the body deadline to arrive (a client dripping bytes holds a request thread all along).
 * Endpoints that read with {@link BoundedBody} answer these in their own format; for any other,
 * this filter answers 413 or 408 itself.
 */
public class RequestLimitFilter extends OncePerRequestFilter {

    private final IntSupplier maxBodyBytes;
    private final Duration bodyReadTimeout;
    private final LongSupplier nanoTime;

    public RequestLimitFilter(IntSupplier maxBodyBytes, Duration bodyReadTimeout) {
        this(maxBodyBytes, bodyReadTimeout, System::nanoTime);
    }

    RequestLimitFilter(IntSupplier maxBodyBytes, Duration bodyReadTimeout, LongSupplier nanoTime) {
        this.maxBodyBytes = maxBodyBytes;
        this.bodyReadTimeout = bodyReadTimeout;
        this.nanoTime = nanoTime;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int limit = maxBodyBytes.getAsInt();
        if (request.getContentLengthLong() > limit) {
            refuse(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "The body is larger than "
                    + limit + " bytes.");
            return;
        }
        try {
            chain.doFilter(new Limited(request, limit), response);
        } catch (ServletException | RuntimeException e) {
            HttpStatus status = statusFor(e);
            if (status == null || response.isCommitted()) {
                throw e;
            }
            response.reset();
            if (status == HttpStatus.PAYLOAD_TOO_LARGE) {
                refuse(request, response, status, "too-large", "The body is larger than " + limit + " bytes.");
            } else {
                refuse(request, response, status, "too-slow", "The body was not received within "
                        + bodyReadTimeout.toSeconds() + " seconds.");
            }
        }
    }

    private static HttpStatus statusFor(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException) {
                return HttpStatus.PAYLOAD_TOO_LARGE;
            }
            if (t instanceof SlowRequestBodyException) {
                return HttpStatus.REQUEST_TIMEOUT;
            }
        }
        return null;
    }

    /** FHIR clients get an OperationOutcome, everyone else a problem detail; neither quotes the request. */
    static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
                       String detail) throws IOException {
        response.setStatus(status.value());
        if (status != HttpStatus.TOO_MANY_REQUESTS) {
            // The unread rest of the body cannot be trusted to end: the connection is not reused.
            response.setHeader("Connection", "close");
        }
        String body;
        if (request.getRequestURI().startsWith(request.getContextPath() + "/fhir/")) {
            response.setContentType("application/fhir+json");
            body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
                    + switch (status) {
                        case PAYLOAD_TOO_LARGE -> "too-long";
                        case TOO_MANY_REQUESTS -> "throttled";
                        default -> "timeout";
                    }
                    + "\",\"diagnostics\":\"" + detail + "\"}]}";
        } else {
            response.setContentType("application/problem+json");
            body = "{\"type\":\"urn:junction:problem:" + type + "\",\"title\":\"" + status.getReasonPhrase()
                    + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\"}";
        }
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private final class Limited extends HttpServletRequestWrapper {
        private final int limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, int limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit, nanoTime.getAsLong() + bodyReadTimeout.toNanos());
            }
            return stream;
        }
    }

    private final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final int limit;
        private final long deadline;
        private long read;

        LimitedStream(ServletInputStream in, int limit, long deadline) {
            this.in = in;
            this.limit = limit;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            checkTime();
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            checkTime();
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void checkTime() {
            if (nanoTime.getAsLong() - deadline > 0) {
                throw new SlowRequestBodyException(bodyReadTimeout.toMillis());
            }
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
