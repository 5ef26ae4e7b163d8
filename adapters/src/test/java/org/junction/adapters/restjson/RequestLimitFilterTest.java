package org.junction.adapters.restjson;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestLimitFilterTest {

    private final AtomicLong now = new AtomicLong();
    private final RequestLimitFilter filter = new RequestLimitFilter(() -> 1_000, Duration.ofSeconds(10), now::get);

    @Test
    void aDeclaredLengthOverTheLimitIsAnswered413WithoutReadingOrCallingTheEndpoint() throws Exception {
        var request = new MockHttpServletRequest("POST", "/api/v1/dlq/replay") {
            @Override
            public jakarta.servlet.ServletInputStream getInputStream() {
                throw new AssertionError("the body must not be read");
            }

            @Override
            public long getContentLengthLong() {
                return 5_000_000;
            }
        };
        var response = new MockHttpServletResponse();
        AtomicBoolean called = new AtomicBoolean();

        filter.doFilter(request, response, (req, res) -> called.set(true));

        assertThat(called).isFalse();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
    }

    @Test
    void anUndeclaredBodyIsCutOffOnePastTheLimitAnd413Answered() throws Exception {
        var request = chunked("/api/v1/dlq/replay", new ByteArrayInputStream(new byte[50_000]));
        var response = new MockHttpServletResponse();

        filter.doFilter(request, response, readAll());

        assertThat(response.getStatus()).isEqualTo(413);
    }

    @Test
    void boundedBodyReadsTheLimitExactlyAndRefusesOneByteMore() throws Exception {
        var ok = chunked("/api/v1/referrals", new ByteArrayInputStream(new byte[1_000]));
        var response = new MockHttpServletResponse();
        filter.doFilter(ok, response, (req, res) -> {
            try {
                assertThat(BoundedBody.read((jakarta.servlet.http.HttpServletRequest) req, 1_000)).hasSize(1_000);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(response.getStatus()).isEqualTo(200);

        var over = chunked("/fhir/$process-message", new ByteArrayInputStream(new byte[1_001]));
        var refused = new MockHttpServletResponse();
        filter.doFilter(over, refused, readAll());
        assertThat(refused.getStatus()).isEqualTo(413);
        assertThat(refused.getContentType()).isEqualTo("application/fhir+json");
        assertThat(refused.getContentAsString()).contains("\"OperationOutcome\"", "too-long");
    }

    @Test
    void aBodyStillArrivingAfterTheDeadlineIsAnswered408() throws Exception {
        InputStream dripping = new InputStream() {
            @Override
            public int read() {
                now.addAndGet(Duration.ofSeconds(1).toNanos());
                return 'x';
            }
        };
        var response = new MockHttpServletResponse();

        new RequestLimitFilter(() -> 1_000_000, Duration.ofSeconds(10), now::get)
                .doFilter(chunked("/api/v1/referrals", dripping), response, readAll());

        assertThat(response.getStatus()).isEqualTo(408);
        assertThat(response.getContentAsString()).contains("too-slow");
    }

    @Test
    void otherFailuresPassThrough() {
        var response = new MockHttpServletResponse();
        FilterChain failing = (req, res) -> {
            throw new ServletException(new IllegalStateException("unrelated"));
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> filter.doFilter(
                chunked("/api/v1/referrals", new ByteArrayInputStream(new byte[0])), response, failing))
                .isInstanceOf(ServletException.class);
    }

    private static MockHttpServletRequest chunked(String uri, InputStream body) {
        var request = new MockHttpServletRequest("POST", uri) {
            @Override
            public jakarta.servlet.ServletInputStream getInputStream() {
                return new DelegatingServletInputStream(body);
            }
        };
        request.setContentType("application/json");
        return request;
    }

    /** What Spring MVC does with an exception no handler takes: wraps it in a ServletException. */
    private static FilterChain readAll() {
        return (req, res) -> {
            try {
                req.getInputStream().readAllBytes();
            } catch (RuntimeException e) {
                throw new ServletException("Request processing failed", e);
            }
        };
    }
}
