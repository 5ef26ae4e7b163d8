package org.junction.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.OutboxStore;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.routes.relay.OutboxRelay;
import org.junction.routes.relay.RelayProperties;
import org.junction.security.audit.LedgerWriter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.context.ApplicationContext;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay moves a batch of outbox rows in one broker transaction, and a batch holding a row the
 * broker already has (sent just before a crash, the row not yet deleted) still moves, each row
 * queued once. Each test uses a queue of its own that nothing consumes, so the queue shows exactly
 * what the relay sent.
 */
class OutboxRelayBatchIT extends HubIntegrationTest {

    private static final int ROWS = 50;

    @Autowired
    OutboxRelay relay;
    @Autowired
    ApplicationContext context;
    @Autowired
    OutboxStore outbox;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ConnectionFactory connectionFactory;
    @Autowired
    JmsTemplate jms;
    @Autowired
    LedgerWriter ledger;
    @Autowired
    RelayProperties relayProperties;

    @Test
    void aBatchReachesTheQueueOnceEachWithItsPriorityAndProperties() throws Exception {
        String queue = "hub.test.relay-batch." + UUID.randomUUID();
        List<OutboxRow> rows = rows(queue);
        // One commit, so the relay finds the whole batch at once, whether its poller or this pass.
        transactions.executeWithoutResult(tx -> rows.forEach(outbox::insert));

        relay.relayPass();

        assertThat(outboxRowsFor(queue)).isZero();
        assertQueuedOnceEach(queue, rows);
        assertThat(queuedEvents(rows)).as("one QUEUED event per row").isEqualTo(ROWS);
    }

    @Test
    void aBatchWithARowTheBrokerAlreadyHasStillMovesAndQueuesEachRowOnce() throws Exception {
        String queue = "hub.test.relay-batch." + UUID.randomUUID();
        List<OutboxRow> rows = rows(queue);
        // As after a crash between the broker's confirmation and the row's deletion: the broker has
        // the message under its duplicate id, the row is still in the outbox.
        OutboxRow alreadySent = rows.get(ROWS / 2);
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(message(session, alreadySent), DeliveryMode.PERSISTENT, alreadySent.priority(),
                    Message.DEFAULT_TIME_TO_LIVE);
        }
        transactions.executeWithoutResult(tx -> rows.forEach(outbox::insert));

        relay.relayPass();

        assertThat(outboxRowsFor(queue)).as("the batch moved despite the repeat").isZero();
        assertQueuedOnceEach(queue, rows);
        assertThat(queuedEvents(rows)).isEqualTo(ROWS);
    }

    @Test
    void aPassThatFindsFewerRowsThanABatchMovesThemAndDoesNotReadTheOutboxAgain() throws Exception {
        assertThat(ROWS).as("the rows make a short batch").isLessThan(relayProperties.batchSize());
        String queue = "hub.test.relay-batch." + UUID.randomUUID();
        List<OutboxRow> rows = rows(queue);
        AtomicInteger reads = new AtomicInteger();
        // Only this test's rows, so that whatever else waits in the shared outbox cannot fill a batch.
        OutboxStore counting = new OutboxStore(jdbc) {
            @Override
            public List<OutboxRow> lockOldest(int limit, Instant now) {
                reads.incrementAndGet();
                return super.lockOldest(limit, now).stream().filter(row -> row.destination().equals(queue)).toList();
            }
        };
        // Driven by hand, never started: no poller of its own reads the outbox meanwhile.
        var own = new OutboxRelay(counting, jms, ledger, transactions, relayProperties, Clock.systemUTC());
        // The hub's relay would take the rows first; stopped, this relay is the only one moving them.
        relay.stop();
        try {
            transactions.executeWithoutResult(tx -> rows.forEach(outbox::insert));

            int moved = own.relayPass();

            assertThat(moved).isEqualTo(ROWS);
            assertThat(reads).as("reads of the outbox in one pass").hasValue(1);
        } finally {
            relay.start();
        }
        assertThat(outboxRowsFor(queue)).isZero();
        assertQueuedOnceEach(queue, rows);
    }

    @Test
    void aClaimedRowIsLeftToItsStageUntilTheClaimRunsOutAndThenSentWithoutASecondQueuedEvent() throws Exception {
        String queue = "hub.test.relay-batch." + UUID.randomUUID();
        Instant now = Instant.now();
        List<OutboxRow> rows = rows(queue);
        List<OutboxRow> stillClaimed = rows.subList(0, ROWS / 2).stream()
                .map(row -> row.claimedUntil(now.plus(Duration.ofHours(1)))).toList();
        List<OutboxRow> runOut = rows.subList(ROWS / 2, ROWS).stream()
                .map(row -> row.claimedUntil(now.minusSeconds(1))).toList();
        var own = ownRelay(queue, new AtomicInteger());
        relay.stop();
        try {
            transactions.executeWithoutResult(tx -> {
                stillClaimed.forEach(outbox::insert);
                runOut.forEach(outbox::insert);
            });

            int moved = own.relayPass();

            assertThat(moved).as("only the rows whose claim ran out").isEqualTo(runOut.size());
        } finally {
            relay.start();
        }
        assertQueuedOnceEach(queue, runOut);
        assertThat(outboxRowsFor(queue)).as("the claimed rows wait for their stage").isEqualTo(stillClaimed.size());
        // Their stage records the QUEUED event with the row; the relay sending it late adds none.
        assertThat(queuedEvents(runOut)).isZero();
        jdbc.update("DELETE FROM outbox WHERE destination = ?", queue);
    }

    @Test
    void claimedRowsTheirStageSentAreDeletedByTheNextPassUnsent() throws Exception {
        String queue = "hub.test.relay-batch." + UUID.randomUUID();
        Instant until = Instant.now().plus(Duration.ofHours(1));
        List<OutboxRow> claimed = rows(queue).stream().map(row -> row.claimedUntil(until)).toList();
        transactions.executeWithoutResult(tx -> claimed.forEach(outbox::insert));

        relay.sentByStage(claimed.stream().map(OutboxRow::duplicateId).toList());

        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRowsFor(queue) == 0);
        assertThat(browse(queue)).as("nothing sent by the relay").isEmpty();
        assertThat(queuedEvents(claimed)).isZero();
    }

    @Test
    void aStoppedRelayDeletesTheClaimedRowsItIsToldOfAtOnce() throws Exception {
        String queue = "hub.test.relay-batch." + UUID.randomUUID();
        Instant until = Instant.now().plus(Duration.ofHours(1));
        List<OutboxRow> claimed = rows(queue).stream().map(row -> row.claimedUntil(until)).toList();
        AtomicInteger reads = new AtomicInteger();
        // Never started, as the hub's relay is once it stops before the stages finish their messages.
        var stopped = ownRelay(queue, reads);
        transactions.executeWithoutResult(tx -> claimed.forEach(outbox::insert));

        stopped.sentByStage(claimed.stream().map(OutboxRow::duplicateId).toList());

        assertThat(outboxRowsFor(queue)).isZero();
        assertThat(reads).as("no pass").hasValue(0);
        assertThat(browse(queue)).isEmpty();
    }

    @Test
    void releasedClaimsMakeTheRowsTheRelaysToSendAtOnce() throws Exception {
        String queue = "hub.test.relay-batch." + UUID.randomUUID();
        Instant now = Instant.now();
        List<OutboxRow> claimed = rows(queue).stream().map(row -> row.claimedUntil(now.plus(Duration.ofHours(1))))
                .toList();
        var own = ownRelay(queue, new AtomicInteger());
        relay.stop();
        try {
            transactions.executeWithoutResult(tx -> claimed.forEach(outbox::insert));
            OutboxRow one = claimed.get(0);

            int released = outbox.releaseClaims(one.trackingId(), one.generation(), Instant.now());
            int moved = own.relayPass();

            assertThat(released).isEqualTo(1);
            assertThat(moved).as("the released row only").isEqualTo(1);
            assertThat(browse(queue)).singleElement().satisfies(message ->
                    assertThat(message.getStringProperty(BrokerHeaders.DUPLICATE_ID)).isEqualTo(one.duplicateId()));
        } finally {
            relay.start();
        }
        jdbc.update("DELETE FROM outbox WHERE destination = ?", queue);
    }

    @Test
    void atStartTheClaimsAnEarlierRunLeftAreReleasedAndTheirRowsSent() throws Exception {
        String queue = "hub.test.relay-batch." + UUID.randomUUID();
        Instant until = Instant.now().plus(Duration.ofHours(1));
        Instant beforeThisRun = Instant.now().minus(Duration.ofDays(1));
        List<OutboxRow> rows = rows(queue);
        // Claimed by a run killed after the broker's commit, before the relay's delete.
        List<OutboxRow> leftByEarlierRun = rows.subList(0, ROWS / 2).stream()
                .map(row -> earlier(row, beforeThisRun).claimedUntil(until)).toList();
        List<OutboxRow> claimedNow = rows.subList(ROWS / 2, ROWS).stream().map(row -> row.claimedUntil(until)).toList();
        transactions.executeWithoutResult(tx -> {
            leftByEarlierRun.forEach(outbox::insert);
            claimedNow.forEach(outbox::insert);
        });

        // What the hub runs once it has started (again here, on this context's start).
        context.getBean("releaseEarlierDispatchClaims", ApplicationRunner.class).run(new DefaultApplicationArguments());

        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRowsFor(queue) == claimedNow.size());
        assertThat(browse(queue)).extracting(message -> message.getStringProperty(BrokerHeaders.DUPLICATE_ID))
                .containsExactlyInAnyOrderElementsOf(leftByEarlierRun.stream().map(OutboxRow::duplicateId).toList());
        jdbc.update("DELETE FROM outbox WHERE destination = ?", queue);
    }

    private static OutboxRow earlier(OutboxRow row, Instant createdAt) {
        return new OutboxRow(row.id(), row.trackingId(), row.destination(), row.duplicateId(), row.senderPartnerId(),
                row.recipientPartnerId(), row.correlationId(), row.generation(), row.purpose(),
                row.subjectPseudonyms(), row.payload(), createdAt, row.priority());
    }

    /**
     * A relay driven by hand, never started, over this test's rows only (whatever else waits in the
     * shared outbox cannot fill a batch), counting its reads.
     */
    private OutboxRelay ownRelay(String queue, AtomicInteger reads) {
        OutboxStore ownRows = new OutboxStore(jdbc) {
            @Override
            public List<OutboxRow> lockOldest(int limit, Instant now) {
                reads.incrementAndGet();
                return super.lockOldest(limit, now).stream().filter(row -> row.destination().equals(queue)).toList();
            }
        };
        return new OutboxRelay(ownRows, jms, ledger, transactions, relayProperties, Clock.systemUTC());
    }

    /** What waits on the queue; nothing when it was never made (nothing was ever sent to it). */
    private List<Message> browse(String queue) throws Exception {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            var browser = session.createBrowser(session.createQueue(queue));
            List<Message> found = Collections.list(browser.getEnumeration()).stream().map(Message.class::cast).toList();
            browser.close();
            return found;
        } catch (jakarta.jms.InvalidDestinationException neverMade) {
            return List.of();
        }
    }

    private static List<OutboxRow> rows(String queue) {
        List<OutboxRow> rows = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < ROWS; i++) {
            UUID trackingId = UUID.randomUUID();
            rows.add(new OutboxRow(0, trackingId, queue, "relay-batch-it:" + trackingId, "police-test",
                    i % 2 == 0 ? "gp-test" : null, i % 3 == 0 ? "corr-" + i : null, 1 + i % 2, "PATSFTY",
                    List.of("p1:pseudonym-" + i, "p1:other-" + i), ("payload-" + i).getBytes(), now, i % 10));
        }
        return rows;
    }

    private static Message message(Session session, OutboxRow row) throws Exception {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(row.payload());
        message.setStringProperty(BrokerHeaders.DUPLICATE_ID, row.duplicateId());
        message.setStringProperty(BrokerHeaders.TRACKING_ID, row.trackingId().toString());
        return message;
    }

    private void assertQueuedOnceEach(String queue, List<OutboxRow> rows) throws Exception {
        Map<String, List<Message>> byTrackingId = new HashMap<>();
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            var browser = session.createBrowser(session.createQueue(queue));
            for (Object browsed : Collections.list(browser.getEnumeration())) {
                Message message = (Message) browsed;
                byTrackingId.computeIfAbsent(message.getStringProperty(BrokerHeaders.TRACKING_ID),
                        id -> new ArrayList<>()).add(message);
            }
            browser.close();
        }
        assertThat(byTrackingId.values().stream().mapToInt(List::size).sum()).as("messages on the queue")
                .isEqualTo(rows.size());
        int relaySends = 0;
        for (OutboxRow row : rows) {
            List<Message> found = byTrackingId.get(row.trackingId().toString());
            assertThat(found).as("messages for one row").hasSize(1);
            Message message = found.get(0);
            assertThat(message.getJMSPriority()).isEqualTo(row.priority());
            assertThat(message.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
            assertThat(message.getStringProperty(BrokerHeaders.DUPLICATE_ID)).isEqualTo(row.duplicateId());
            byte[] body = new byte[(int) ((BytesMessage) message).getBodyLength()];
            ((BytesMessage) message).readBytes(body);
            assertThat(body).isEqualTo(row.payload());
            if (message.propertyExists(BrokerHeaders.SENDER)) {
                // Sent by the relay (the row sent before the "crash" carries only its ids).
                relaySends++;
                assertThat(message.getStringProperty(BrokerHeaders.SENDER)).isEqualTo(row.senderPartnerId());
                assertThat(message.getStringProperty(BrokerHeaders.PURPOSE)).isEqualTo(row.purpose());
                assertThat(message.getStringProperty(BrokerHeaders.SUBJECTS))
                        .isEqualTo(BrokerHeaders.joinSubjects(row.subjectPseudonyms()));
                assertThat(message.getIntProperty(BrokerHeaders.GENERATION)).isEqualTo(row.generation());
                assertThat(message.getStringProperty(BrokerHeaders.RECIPIENT)).isEqualTo(row.recipientPartnerId());
                assertThat(message.getStringProperty(BrokerHeaders.CORRELATION_ID)).isEqualTo(row.correlationId());
            }
        }
        assertThat(relaySends).as("every row but the one sent before is the relay's own send")
                .isGreaterThanOrEqualTo(rows.size() - 1);
    }

    private int outboxRowsFor(String queue) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE destination = ?", Integer.class, queue);
        return n == null ? 0 : n;
    }

    private int queuedEvents(List<OutboxRow> rows) {
        int n = 0;
        for (OutboxRow row : rows) {
            Integer events = jdbc.queryForObject("""
                    SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'QUEUED'""",
                    Integer.class, row.trackingId());
            n += events == null ? 0 : events;
        }
        return n;
    }
}
