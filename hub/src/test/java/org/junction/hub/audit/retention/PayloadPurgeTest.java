package org.junction.hub.audit.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerReader;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Held referrals' payload copies are purged after the transit period, once finished with, and only then. */
class PayloadPurgeTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

    @TempDir
    Path dir;

    private JdbcTemplate jdbc;
    private TransactionTemplate tx;
    private LedgerWriter ledger;
    private final MutableClock clock = new MutableClock(T0);
    private PayloadPurge purge;

    @BeforeEach
    void setUp() {
        var ds = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;MAX_COMPACT_TIME=0", "junction", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(ds);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        ledger = new LedgerWriter(jdbc);
        purge = new PayloadPurge(jdbc, tx, ledger, () -> new AgreementRegistry(List.of(), Set.of()), Period.ofDays(30),
                100, clock);
    }

    @Test
    void copiesOfADeliveredOrDeclinedReferralArePurgedAfterTheTransitPeriodWithAPurgedEvent() {
        UUID delivered = held("APPROVED");
        record(delivered, LedgerEventType.DECIDED, "PERMIT", T0);
        record(delivered, LedgerEventType.DELIVERED, null, T0.plusSeconds(60));
        UUID declined = held("DECLINED");
        UUID pending = held("PENDING");
        UUID approvedNotDelivered = held("APPROVED");

        clock.set(T0.plus(Duration.ofDays(29)));
        assertThat(purge.purgeDue()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM held_decision WHERE referral_payload IS NULL", Long.class))
                .isZero();

        clock.set(T0.plus(Duration.ofDays(30)).plusSeconds(61));
        assertThat(purge.purgeDue()).isEqualTo(2);
        assertThat(purge.purgeDue()).as("once only").isZero();

        assertThat(payloads(delivered)).containsEntry("referral_payload", null).containsEntry("minimised_payload", null);
        assertThat(payloads(delivered).get("purged_at")).isNotNull();
        assertThat(payloads(declined)).containsEntry("referral_payload", null);
        assertThat(payloads(pending).get("referral_payload")).isNotNull();
        assertThat(payloads(approvedNotDelivered).get("referral_payload")).isNotNull();

        List<Map<String, Object>> purged = jdbc.queryForList(
                "SELECT tracking_id, actor, outcome, reason_code FROM ledger_event WHERE event_type = 'PURGED'");
        assertThat(purged).hasSize(2).allSatisfy(e -> {
            assertThat(e.get("actor")).isEqualTo(PayloadPurge.ACTOR);
            assertThat(e.get("outcome")).isEqualTo("PURGED");
            assertThat(e.get("reason_code")).isEqualTo(PayloadPurge.HELD_COPIES);
        });
        assertThat(purged).extracting(e -> e.get("tracking_id")).containsExactlyInAnyOrder(delivered, declined);
        // The status is the ledger's, and a purge does not change it.
        assertThat(LedgerReader.recipientStatuses(new LedgerReader(jdbc).timeline(delivered)))
                .containsEntry("mash-1", "DELIVERED");
    }

    @Test
    void aPassTakesOnlyDueRowsUpToItsCapRowsNeverFinishedAreNotCarried() {
        var capped = new PayloadPurge(jdbc, tx, ledger, () -> new AgreementRegistry(List.of(), Set.of()),
                Period.ofDays(30), 1, clock);
        // Decided first, so first in the order, but never finished: it must not use up the cap.
        for (int i = 0; i < 3; i++) {
            held("APPROVED");
        }
        UUID declined = held("DECLINED");
        UUID delivered = held("APPROVED");
        record(delivered, LedgerEventType.DELIVERED, null, T0.plusSeconds(60));
        UUID deliveredLate = held("APPROVED");
        record(deliveredLate, LedgerEventType.DELIVERED, null, T0.plus(Duration.ofDays(10)));

        clock.set(T0.plus(Duration.ofDays(30)).plusSeconds(61));
        assertThat(capped.purgeDue()).isEqualTo(1);
        assertThat(capped.purgeDue()).isEqualTo(1);
        assertThat(capped.purgeDue()).as("the rest are not due, or never finished").isZero();
        assertThat(jdbc.queryForList("SELECT tracking_id FROM held_decision WHERE purged_at IS NOT NULL", UUID.class))
                .containsExactlyInAnyOrder(declined, delivered);
    }

    private UUID held(String state) {
        UUID trackingId = UUID.randomUUID();
        OffsetDateTime at = OffsetDateTime.ofInstant(T0, ZoneOffset.UTC);
        jdbc.update("""
                INSERT INTO held_decision (id, tracking_id, recipient_partner_id, sender_partner_id, purpose, generation,
                    agreement_id, agreement_version, flow_id, reason_code, subject_pseudonyms, referral_payload,
                    minimised_payload, waiting_since, decide_by, state, decided_at)
                VALUES (?, ?, 'mash-1', 'police-a', 'SAFEGUARDING', 1, 'isa-1', 1, 'flow-1', 'NO_CONSENT',
                    'p1:aaa,p1:bbb', ?, ?, ?, ?, ?, ?)""", UUID.randomUUID(), trackingId, new byte[] {1, 2, 3},
                new byte[] {4, 5}, at, at.plusDays(1), state, state.equals("PENDING") ? null : at);
        return trackingId;
    }

    private void record(UUID trackingId, LedgerEventType type, String outcome, Instant at) {
        tx.executeWithoutResult(s -> ledger.record(LedgerEvent.forReferral(type, trackingId, "system:test", "police-a",
                "mash-1", "SAFEGUARDING", outcome, null, 1, List.of("p1:aaa"), at)));
    }

    private Map<String, Object> payloads(UUID trackingId) {
        return jdbc.queryForMap("SELECT referral_payload, minimised_payload, purged_at FROM held_decision"
                + " WHERE tracking_id = ?", trackingId);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
