package org.junction.adapters.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.time.Duration;

/** Builds the HAPI clients the FHIR sink hands to camel-fhir, one per partner endpoint. */
public final class FhirClients {

    private FhirClients() {
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
