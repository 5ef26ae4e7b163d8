package org.junction.adapters.fhir;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Adds the BaRS request headers (X-Request-ID, X-Correlation-ID) to outgoing FHIR calls, and the
 * partner's access token ({@code Authorization: Bearer}) where its sink obtains one.
 *
 * <p>camel-fhir 4.18.0 has no option for per-message HTTP headers, and it runs each client call
 * on a thread of its own pool, so neither an endpoint option nor a thread-local can carry them.
 * The deliver route therefore binds the values under the business identifier of the resource it
 * is about to send (a Bundle's {@code identifier.value}: the hub's tracking id); this interceptor
 * reads that identifier from the request body and adds the values bound for it. The resource id
 * cannot serve: HAPI leaves it out of the body of a create. Each message in flight has its own
 * identifier, so concurrent deliveries never see each other's headers.
 */
public class RequestHeadersInterceptor implements IClientInterceptor {

    public static final String REQUEST_ID = "X-Request-ID";
    public static final String CORRELATION_ID = "X-Correlation-ID";
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * The header values of one outgoing message.
     *
     * @param accessToken the partner's access token, fetched by the route before the call; null for none
     */
    public record Values(String requestId, String correlationId, String accessToken) {

        public Values(String requestId, String correlationId) {
            this(requestId, correlationId, null);
        }

        @Override
        public String toString() {
            return "Values[requestId=" + requestId + ", correlationId=" + correlationId + "]";
        }
    }

    private final ConcurrentMap<String, Values> byIdentifier = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> retryAfterByIdentifier = new ConcurrentHashMap<>();
    private final ThreadLocal<String> inFlight = new ThreadLocal<>();

    /** Binds header values to requests that send the resource with this identifier value. */
    public void bind(String identifierValue, Values values) {
        byIdentifier.put(identifierValue, values);
    }

    public void release(String identifierValue) {
        byIdentifier.remove(identifierValue);
        retryAfterByIdentifier.remove(identifierValue);
    }

    /**
     * A partner's Retry-After for a message it refused for now, by the message's identifier: HAPI's
     * client exceptions do not carry response headers, so the sink looks it up here after a failure.
     */
    public String retryAfter(String identifierValue) {
        return retryAfterByIdentifier.get(identifierValue);
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        inFlight.remove();
        if (byIdentifier.isEmpty()) {
            return;
        }
        String identifier;
        try {
            identifier = identifierValue(request.getRequestBodyFromStream());
        } catch (IOException e) {
            return;
        }
        Values values = identifier == null ? null : byIdentifier.get(identifier);
        if (values == null) {
            return;
        }
        // HAPI calls interceptResponse on the thread that sent the request, straight after it.
        inFlight.set(identifier);
        if (values.requestId() != null) {
            request.addHeader(REQUEST_ID, values.requestId());
        }
        if (values.correlationId() != null) {
            request.addHeader(CORRELATION_ID, values.correlationId());
        }
        if (values.accessToken() != null) {
            request.addHeader("Authorization", "Bearer " + values.accessToken());
        }
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        String identifier = inFlight.get();
        inFlight.remove();
        if (identifier == null || (response.getStatus() != 429 && response.getStatus() != 503)) {
            return;
        }
        List<String> values = response.getHeaders("Retry-After");
        if (values != null && !values.isEmpty() && byIdentifier.containsKey(identifier)) {
            retryAfterByIdentifier.put(identifier, values.get(0));
        }
    }

    /**
     * The value of the resource's top-level {@code identifier} (an object in a Bundle, the first of
     * a list elsewhere), found without parsing the rest of the body.
     */
    static String identifierValue(String json) throws IOException {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("identifier".equals(field)) {
                    if (value == JsonToken.START_ARRAY && parser.nextToken() != JsonToken.START_OBJECT) {
                        return null;
                    }
                    return valueField(parser);
                }
                parser.skipChildren();
            }
            return null;
        }
    }

    /** Reads the "value" string of the object the parser has just entered. */
    private static String valueField(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return null;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("value".equals(field) && value == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            parser.skipChildren();
        }
        return null;
    }
}
