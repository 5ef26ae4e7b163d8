package org.junction.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.impl.DefaultCamelContext;
import org.flywaydb.core.Flyway;
import org.junction.hub.database.TestDatabases;
import org.junction.routes.deliver.DeliveryProperties;
import org.junction.routes.deliver.PartnerCircuits;
import org.junction.routes.deliver.PartnerCircuits.Admission;
import org.junction.routes.deliver.PartnerCircuits.State;
import org.junction.security.audit.LedgerWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A partner's several delivery consumers resume together when its circuit half opens; only one
 * delivery may test the partner, and the others wait for its verdict.
 */
class PartnerCircuitProbeTest {

    private static final String PARTNER = "gp-probe";

    @TempDir
    Path dir;

    private DefaultCamelContext camel;
    private PartnerCircuits circuits;

    @BeforeEach
    void setUp() {
        var ds = TestDatabases.h2(dir);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        var jdbc = new JdbcTemplate(ds);
        camel = new DefaultCamelContext();
        camel.start();
        var settings = new DeliveryProperties(12, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(5),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 0.3, 2, Duration.ofMillis(100), Duration.ofSeconds(2), 4);
        circuits = new PartnerCircuits(camel, jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)),
                new LedgerWriter(jdbc), settings, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        circuits.close();
        camel.stop();
    }

    @Test
    void whileHalfOpenOneDeliveryProbesAndTheOthersAreHeldUntilItsVerdict() {
        assertThat(circuits.admit(PARTNER)).isEqualTo(Admission.GO);
        circuits.onTransientFailure(PARTNER, null);
        circuits.onTransientFailure(PARTNER, null);
        assertThat(circuits.state(PARTNER)).isEqualTo(State.OPEN);
        assertThat(circuits.admit(PARTNER)).as("taken before the suspension").isEqualTo(Admission.HOLD);

        await().atMost(Duration.ofSeconds(5)).until(() -> circuits.state(PARTNER) == State.HALF_OPEN);
        assertThat(circuits.admit(PARTNER)).isEqualTo(Admission.PROBE);
        assertThat(circuits.admit(PARTNER)).as("a second consumer, probe out").isEqualTo(Admission.HOLD);
        assertThat(circuits.admit(PARTNER)).as("a third").isEqualTo(Admission.HOLD);

        // The probe ended without a verdict (already delivered, say): the next delivery probes.
        circuits.probeDone(PARTNER);
        assertThat(circuits.state(PARTNER)).isEqualTo(State.HALF_OPEN);
        assertThat(circuits.admit(PARTNER)).isEqualTo(Admission.PROBE);
        assertThat(circuits.admit(PARTNER)).isEqualTo(Admission.HOLD);

        circuits.onSuccess(PARTNER);
        circuits.probeDone(PARTNER);
        assertThat(circuits.state(PARTNER)).isEqualTo(State.CLOSED);
        assertThat(circuits.admit(PARTNER)).isEqualTo(Admission.GO);
        assertThat(circuits.admit(PARTNER)).as("all consumers again").isEqualTo(Admission.GO);
    }

    @Test
    void aFailedProbeOpensTheCircuitAgainAndTheNextHalfOpeningHasItsOwnProbe() {
        circuits.onTransientFailure(PARTNER, null);
        circuits.onTransientFailure(PARTNER, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> circuits.state(PARTNER) == State.HALF_OPEN);
        assertThat(circuits.admit(PARTNER)).isEqualTo(Admission.PROBE);

        circuits.onTransientFailure(PARTNER, null);
        circuits.probeDone(PARTNER);
        assertThat(circuits.state(PARTNER)).isEqualTo(State.OPEN);
        assertThat(circuits.admit(PARTNER)).isEqualTo(Admission.HOLD);

        await().atMost(Duration.ofSeconds(5)).until(() -> circuits.state(PARTNER) == State.HALF_OPEN);
        assertThat(circuits.admit(PARTNER)).isEqualTo(Admission.PROBE);
    }
}
