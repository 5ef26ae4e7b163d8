package org.junction.adapters.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import java.time.Duration;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.junction.adapters.outbound.PartnerOutbound;

/** Builds the HAPI clients the FHIR sink hands to camel-fhir, one per partner endpoint. */
public final class FhirClients {

    private FhirClients() {
    }

    /**
     * A client over the partner's own connections: its TLS bundle (the hub's client certificate for
     * it, its CA), TLS 1.2 at least. HAPI takes each request's HTTP client from the client's
     * FhirContext's factory, which holds one HTTP client for all: a partner with a TLS bundle gets a
     * context of its own (the model is scanned again for it, once).
     */
    public static IGenericClient forEndpoint(FhirContext context, String baseUrl, RequestHeadersInterceptor headers,
                                             Duration connectTimeout, Duration socketTimeout, PartnerOutbound outbound) {
        if (outbound.sslContext() == null) {
            return forEndpoint(context, baseUrl, headers, connectTimeout, socketTimeout);
        }
        FhirContext own = new FhirContext(context.getVersion().getVersion());
        var factory = new ApacheRestfulClientFactory(own);
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        var tls = new SSLConnectionSocketFactory(outbound.sslContext(), outbound.protocols(), null,
                SSLConnectionSocketFactory.getDefaultHostnameVerifier());
        var connections = new PoolingHttpClientConnectionManager(RegistryBuilder.<ConnectionSocketFactory>create()
                .register("https", tls)
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .build());
        connections.setMaxTotal(20);
        connections.setDefaultMaxPerRoute(20);
        factory.setHttpClient(HttpClients.custom()
                .setConnectionManager(connections)
                .disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout((int) connectTimeout.toMillis())
                        .setSocketTimeout((int) socketTimeout.toMillis())
                        .setConnectionRequestTimeout((int) connectTimeout.toMillis())
                        .build())
                .build());
        own.setRestfulClientFactory(factory);
        IGenericClient client = own.newRestfulGenericClient(baseUrl);
        client.registerInterceptor(headers);
        return client;
    }

    public static IGenericClient forEndpoint(FhirContext context, String baseUrl, RequestHeadersInterceptor headers,
                                             Duration connectTimeout, Duration socketTimeout) {
        var factory = context.getRestfulClientFactory();
        // Fetching the server's CapabilityStatement before each first call would double the
        // round trips and fail deliveries on servers that restrict /metadata.
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setConnectTimeout((int) connectTimeout.toMillis());
        factory.setSocketTimeout((int) socketTimeout.toMillis());
        IGenericClient client = context.newRestfulGenericClient(baseUrl);
        client.registerInterceptor(headers);
        return client;
    }
}
