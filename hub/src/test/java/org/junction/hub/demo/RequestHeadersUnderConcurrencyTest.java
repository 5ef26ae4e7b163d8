package org.junction.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.adapters.fhir.FhirClients;
import org.junction.adapters.fhir.RequestHeadersInterceptor;
import org.junction.mappings.fhir.Fhir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concurrent deliveries through one client each carry their own BaRS headers, never another's. */
class RequestHeadersUnderConcurrencyTest {

    private static FhirReceiverServer server;

    @BeforeAll
    static void startServer() {
        server = FhirReceiverServer.start(0);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @Test
    void eachConcurrentRequestCarriesTheHeadersBoundToItsOwnResource() throws Exception {
        var headers = new RequestHeadersInterceptor();
        IGenericClient client = FhirClients.forEndpoint(Fhir.context(), server.baseUrl(), headers,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
        server.clear();
        int messages = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                String id = "bundle-" + i;
                sends.add(pool.submit(() -> {
                    var bundle = new Bundle();
                    bundle.getIdentifier().setSystem("urn:test").setValue(id);
                    bundle.setType(Bundle.BundleType.MESSAGE);
                    headers.bind(id, new RequestHeadersInterceptor.Values("req-" + id, "corr-" + id));
                    try {
                        client.create().resource(bundle).execute();
                    } finally {
                        headers.release(id);
                    }
                }));
            }
            for (Future<?> send : sends) {
                send.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(server.received()).hasSize(messages);
        assertThat(server.received()).allSatisfy(received -> {
            String id = received.bundle().getIdentifier().getValue();
            assertThat(received.requestId()).isEqualTo("req-" + id);
            assertThat(received.correlationId()).isEqualTo("corr-" + id);
        });
    }

    @Test
    void resourceWithoutBoundValuesIsSentWithoutTheHeaders() {
        var headers = new RequestHeadersInterceptor();
        headers.bind("some-other-resource", new RequestHeadersInterceptor.Values("req-x", "corr-x"));
        IGenericClient client = FhirClients.forEndpoint(Fhir.context(), server.baseUrl(), headers,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
        server.clear();
        var bundle = new Bundle();
        bundle.getIdentifier().setSystem("urn:test").setValue("unbound");
        bundle.setType(Bundle.BundleType.MESSAGE);

        client.create().resource(bundle).execute();

        assertThat(server.received()).singleElement().satisfies(r -> assertThat(r.requestId()).isNull());
    }
}
