package org.junction.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.Queues;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.routes.decide.DecideProperties;
import org.junction.routes.decide.DecideRoute;
import org.junction.security.pseudonym.Pseudonymiser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * Intake and decide under concurrency: intake takes at most {@code hub.intake.max-concurrent}
 * referrals at once and tells the rest 503; the decide stage runs several consumers, yet decides
 * about one person one referral at a time, in the order they were accepted, because intake
 * messages are grouped by the person.
 */
class IntakeConcurrencyIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Holds referrals inside their intake transaction while set (see {@link #heldStores}). */
    private static final AtomicReference<CountDownLatch> GATE = new AtomicReference<>();
    private static final AtomicInteger HELD = new AtomicInteger();
    private static final AtomicBoolean LISTENING = new AtomicBoolean();

    @Autowired
    IntakeService intake;
    @Autowired
    IntakeProperties intakeProperties;
    @Autowired
    DecideProperties decideProperties;
    @Autowired
    CamelContext camel;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    Pseudonymiser pseudonymiser;

    @Test
    void intakeMessagesAreGroupedByTheNhsNumbersPseudonym() throws Exception {
        camel.getRouteController().stopRoute(DecideRoute.ROUTE_ID);
        try {
            String nhs = "9990000654";
            UUID trackingId = accept(SampleReferrals.police(nhs, "Ottoline", "Brackenridge"));
            UUID anonymous = accept(SampleReferrals.police(null, "Ottoline", "Brackenridge"));

            await().atMost(Duration.ofSeconds(10)).until(() -> intakeMessage(trackingId) != null
                    && intakeMessage(anonymous) != null);
            assertThat(intakeMessage(trackingId).getStringProperty(BrokerHeaders.GROUP_ID))
                    .isEqualTo(pseudonymiser.pseudonymise(JunctionSystems.NHS_NUMBER, nhs).toString())
                    .doesNotContain(nhs);
            assertThat(intakeMessage(anonymous).getStringProperty(BrokerHeaders.GROUP_ID))
                    .as("a referral that names nobody is a group of its own").isEqualTo("referral:" + anonymous);
        } finally {
            camel.getRouteController().startRoute(DecideRoute.ROUTE_ID);
        }
    }

    @Test
    void severalConsumersDecideOnePersonsReferralsInTheOrderTheyWereAccepted() throws Exception {
        assertThat(decideProperties.consumers()).as("more than one consumer, or this shows nothing").isGreaterThan(1);
        List<UUID> samePerson = new ArrayList<>();
        List<UUID> everyone = new ArrayList<>();
        camel.getRouteController().stopRoute(DecideRoute.ROUTE_ID);
        try {
            for (int i = 0; i < 12; i++) {
                UUID id = accept(SampleReferrals.police("9990000662", "Perpetua", "Olderwick"));
                samePerson.add(id);
                everyone.add(id);
                // Others in between, each a person of their own, for the other consumers to take.
                for (int j = 0; j < 2; j++) {
                    everyone.add(accept(SampleReferrals.police(null, "Tamsin", "Velloway")));
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> outboxRows() == 0);
        } finally {
            camel.getRouteController().startRoute(DecideRoute.ROUTE_ID);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> everyone.stream().allMatch(id -> decided(id) > 0));

        // Decision rows are numbered as they are written: one person's must follow intake order.
        List<UUID> decidedOrder = jdbc.queryForList("""
                SELECT tracking_id FROM sharing_decision WHERE tracking_id IN (%s)
                GROUP BY tracking_id ORDER BY MIN(id)"""
                .formatted(String.join(",", Collections.nCopies(samePerson.size(), "?"))), UUID.class,
                samePerson.toArray());
        assertThat(decidedOrder).containsExactlyElementsOf(samePerson);
    }

    @Test
    void pastItsConcurrentReferralsIntakeAnswers503WithRetryAfterAndLosesNothing() throws Exception {
        int turns = intakeProperties.maxConcurrent();
        heldStores();
        var gate = new CountDownLatch(1);
        GATE.set(gate);
        HELD.set(0);
        List<CompletableFuture<HttpResponse<String>>> holding = new ArrayList<>();
        try {
            for (int i = 0; i < turns; i++) {
                String body = SampleReferrals.police("9990000670", "Hesper", "Quarrington");
                holding.add(CompletableFuture.supplyAsync(() -> postReferral(POLICE_KEY, newRequestId(), body)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> HELD.get() == turns);

            long started = System.nanoTime();
            var refused = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police("9990000670", "Hesper", "Quarrington"));
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After"))
                    .hasValue(Long.toString(intakeProperties.concurrencyWait().toSeconds()));
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(waitedMillis).as("waited for a turn first").isGreaterThanOrEqualTo(
                    intakeProperties.concurrencyWait().toMillis() - 100);
        } finally {
            GATE.set(null);
            gate.countDown();
        }
        for (var held : holding) {
            assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).as("the held referrals are accepted").isEqualTo(202);
        }
    }

    /** Registers, once, a stored-listener that holds each referral while {@link #GATE} is set. */
    private void heldStores() {
        if (LISTENING.compareAndSet(false, true)) {
            intake.addStoredListener((referral, sender, receivedAt) -> {
                CountDownLatch gate = GATE.get();
                if (gate != null) {
                    HELD.incrementAndGet();
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
    }

    private UUID accept(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private Message intakeMessage(UUID trackingId) {
        var template = new JmsTemplate(connectionFactory);
        return template.browseSelected(Queues.INTAKE, BrokerHeaders.TRACKING_ID + " = '" + trackingId + "'",
                (session, browser) -> {
                    var messages = browser.getEnumeration();
                    return messages.hasMoreElements() ? (Message) messages.nextElement() : null;
                });
    }

    private int outboxRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class);
    }

    private int decided(UUID trackingId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sharing_decision WHERE tracking_id = ?", Integer.class,
                trackingId);
    }
}
