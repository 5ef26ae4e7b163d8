package org.junction.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FhirReceiverServerTest {

    private FhirReceiverServer server;

    @BeforeEach
    void start() {
        server = FhirReceiverServer.start(0);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void storesAPostedBundleWithItsTrackingHeadersAndAssignsAnId() {
        String requestId = "req-" + UUID.randomUUID();

        MethodOutcome outcome = post(server, requestId, "corr-1", bundle("9990000018"));

        assertThat(outcome.getCreated()).isTrue();
        assertThat(outcome.getId().getResourceType()).isEqualTo("Bundle");
        assertThat(outcome.getId().getIdPart()).isNotBlank();
        assertThat(server.received()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(outcome.getId().getIdPart());
            assertThat(r.requestId()).isEqualTo(requestId);
            assertThat(r.correlationId()).isEqualTo("corr-1");
            assertThat(r.at()).isNotNull();
            assertThat(r.bundle().getType()).isEqualTo(Bundle.BundleType.MESSAGE);
            Patient patient = (Patient) r.bundle().getEntry().get(1).getResource();
            assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("9990000018");
        });
    }

    @Test
    void assignsADistinctIdToEachBundleAndClearForgetsThem() {
        MethodOutcome first = post(server, "req-a", null, bundle("9990000026"));
        MethodOutcome second = post(server, "req-b", null, bundle("9990000034"));

        assertThat(first.getId().getIdPart()).isNotEqualTo(second.getId().getIdPart());
        assertThat(server.received()).extracting(FhirReceiverServer.Received::requestId)
                .containsExactly("req-a", "req-b");
        assertThat(server.received().get(0).correlationId()).isNull();

        server.clear();
        assertThat(server.received()).isEmpty();
    }

    @Test
    void answers503WhileUnavailableAndAcceptsAgainAfterwards() {
        // A first call lets the client check the server's metadata while it is still answering.
        post(server, "req-warmup", null, bundle("9990000042"));
        server.clear();

        server.setAvailable(false);
        assertThatThrownBy(() -> post(server, "req-refused", null, bundle("9990000050")))
                .isInstanceOfSatisfying(BaseServerResponseException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(503));
        assertThat(server.received()).isEmpty();

        server.setAvailable(true);
        post(server, "req-accepted", null, bundle("9990000050"));
        assertThat(server.received()).extracting(FhirReceiverServer.Received::requestId)
                .containsExactly("req-accepted");
    }

    @Test
    void restartsOnTheSamePort() {
        int port = server.port();
        post(server, "req-before", null, bundle("9990000069"));

        server.stop();
        server = FhirReceiverServer.start(port);

        assertThat(server.port()).isEqualTo(port);
        post(server, "req-after", null, bundle("9990000077"));
        assertThat(server.received()).extracting(FhirReceiverServer.Received::requestId)
                .containsExactly("req-after");
    }

    @Test
    void stopIsIdempotent() {
        server.stop();
        server.close();
    }

    @Test
    void refusesToStartOnAPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> FhirReceiverServer.start(taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    private static MethodOutcome post(FhirReceiverServer target, String requestId, String correlationId, Bundle bundle) {
        IGenericClient client = FhirContext.forR4Cached().newRestfulGenericClient(target.baseUrl());
        client.registerInterceptor(new TrackingHeaders(requestId, correlationId));
        return client.create().resource(bundle).execute();
    }

    private static Bundle bundle(String nhsNumber) {
        Patient patient = new Patient();
        patient.setId("urn:uuid:" + UUID.randomUUID());
        patient.addIdentifier(new Identifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue(nhsNumber));
        patient.addName().setFamily("Testperson").addGiven("Alex");
        MessageHeader header = new MessageHeader();
        header.setId("urn:uuid:" + UUID.randomUUID());
        Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
        bundle.addEntry().setFullUrl(header.getId()).setResource(header);
        bundle.addEntry().setFullUrl(patient.getId()).setResource(patient);
        return bundle;
    }

    /** Adds the sender's tracking headers, as the hub's delivery does. */
    private record TrackingHeaders(String requestId, String correlationId) implements IClientInterceptor {

        @Override
        @Hook(Pointcut.CLIENT_REQUEST)
        public void interceptRequest(IHttpRequest request) {
            request.addHeader(FhirReceiverServer.REQUEST_ID, requestId);
            if (correlationId != null) {
                request.addHeader(FhirReceiverServer.CORRELATION_ID, correlationId);
            }
        }

        @Override
        @Hook(Pointcut.CLIENT_RESPONSE)
        public void interceptResponse(IHttpResponse response) {
        }
    }
}
