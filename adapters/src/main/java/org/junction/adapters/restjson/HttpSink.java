package org.junction.adapters.restjson;

import java.time.Clock;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.protection.OutboundProtection;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;
import org.junction.security.crypto.WebhookSignatures;

/**
 * Prepares one HTTP delivery: renders the referral in the partner's format and sets the request
 * headers (method, content type, the BaRS-style ids, and the partner's credential: a bearer token,
 * or an HMAC signature over timestamp and body). The camel-http producer that follows sends it.
 */
public class HttpSink implements Processor {

    public static final String TIMESTAMP_HEADER = "X-Junction-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Junction-Signature";

    /** How the request proves it comes from the hub. */
    public enum Credential { NONE, BEARER, HMAC_SIGNATURE }

    private final String partnerId;
    private final OutboundMapper format;
    private final Credential credential;
    private final byte[] secret;
    private final Clock clock;
    private final OutboundProtection.Protector protection;
    private final Supplier<String> accessTokens;

    public HttpSink(String partnerId, OutboundMapper format, Credential credential, byte[] secret, Clock clock) {
        this(partnerId, format, credential, secret, clock, OutboundProtection.Protector.NONE, null);
    }

    /**
     * @param protection   signing and encryption for the partner, applied to the rendering before it is sent
     * @param accessTokens the partner's access tokens (a signed-JWT client assertion swapped at its
     *                     token endpoint), sent as a bearer token; null when the partner takes none
     */
    public HttpSink(String partnerId, OutboundMapper format, Credential credential, byte[] secret, Clock clock,
                    OutboundProtection.Protector protection, Supplier<String> accessTokens) {
        this.protection = protection;
        this.accessTokens = accessTokens;
        this.partnerId = partnerId;
        this.format = format;
        this.credential = credential;
        this.secret = secret == null ? null : secret.clone();
        this.clock = clock;
        if (credential == Credential.BEARER && accessTokens != null) {
            throw new IllegalArgumentException("partner " + partnerId + ": a bearer token and a token endpoint both");
        }
        if (credential != Credential.NONE && secret == null) {
            throw new IllegalArgumentException("partner " + partnerId + ": credential " + credential + " needs a secret");
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        var dispatch = exchange.getProperty(RouteTemplates.DISPATCH, BrokerHeaders.Dispatch.class);
        // First: without a token nothing is sent, and the failure is the token endpoint's.
        String accessToken = accessTokens == null ? null : accessTokens.get();
        var message = exchange.getMessage();
        Bundle bundle = message.getMandatoryBody(Bundle.class);
        var sent = protection.apply(format.renderDispatch(bundle, new RenderContext(partnerId, clock.instant())),
                format.mediaType());
        // What is signed with HMAC below is what goes on the wire: the CMS, when there is one.
        byte[] body = sent.body();
        // The broker's headers (ids, pseudonyms) are the hub's business, not the partner's: none
        // may travel on as HTTP headers.
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, sent.mediaType());
        message.setHeader("X-Request-ID", dispatch.requestId());
        // The same for every attempt of this delivery, new for a new generation: a partner API
        // that honours idempotency keys stores a retried request once.
        message.setHeader("Idempotency-Key", dispatch.requestId());
        if (dispatch.correlationId() != null) {
            message.setHeader("X-Correlation-ID", dispatch.correlationId());
        }
        switch (credential) {
            case BEARER -> message.setHeader("Authorization",
                    "Bearer " + new String(secret, java.nio.charset.StandardCharsets.UTF_8));
            case HMAC_SIGNATURE -> {
                String timestamp = Long.toString(clock.instant().getEpochSecond());
                message.setHeader(TIMESTAMP_HEADER, timestamp);
                message.setHeader(SIGNATURE_HEADER, WebhookSignatures.sign(secret, timestamp, body));
            }
            case NONE -> {
            }
        }
        if (accessToken != null) {
            message.setHeader("Authorization", "Bearer " + accessToken);
        }
        message.setBody(body);
    }

    /** The receipt of a delivery: the Location the partner gave, when short, else the status. */
    public static void receipt(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String location = exchange.getMessage().getHeader("Location", String.class);
        exchange.setProperty(RouteTemplates.RECEIPT,
                location != null && location.length() <= 200 ? location : "HTTP_" + status);
    }

    /** The camel-http endpoint for a partner URL, failing on any non-2xx answer, with the hub's timeouts. */
    public static String endpoint(String url, java.time.Duration connectTimeout, java.time.Duration responseTimeout) {
        return url + (url.contains("?") ? "&" : "?") + "throwExceptionOnFailure=true"
                + "&connectTimeout=" + connectTimeout.toMillis() + "&responseTimeout=" + responseTimeout.toMillis();
    }

    /**
     * As {@link #endpoint(String, java.time.Duration, java.time.Duration)}, over the connections the
     * route's template bean {@code connectionsBean} holds (the partner's TLS bundle, TLS 1.2 at least).
     */
    public static String endpoint(String url, java.time.Duration connectTimeout, java.time.Duration responseTimeout,
                                  String connectionsBean) {
        return endpoint(url, connectTimeout, responseTimeout) + "&clientConnectionManager=#{{" + connectionsBean + "}}";
    }
}
