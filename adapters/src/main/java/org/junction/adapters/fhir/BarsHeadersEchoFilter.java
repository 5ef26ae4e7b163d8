package org.junction.adapters.fhir;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Echoes the BaRS request headers (X-Request-ID, X-Correlation-ID) on every response of the FHIR
 * endpoints, errors and refusals included, so a sender can match each answer to its request.
 * Only well-formed ids are echoed: a header value is never reflected as it came.
 */
public class BarsHeadersEchoFilter extends OncePerRequestFilter {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        echo(request, response, ProcessMessageController.REQUEST_ID);
        echo(request, response, ProcessMessageController.CORRELATION_ID);
        chain.doFilter(request, response);
    }

    private static void echo(HttpServletRequest request, HttpServletResponse response, String header) {
        String value = request.getHeader(header);
        if (value != null && ID.matcher(value).matches()) {
            response.setHeader(header, value);
        }
    }
}
