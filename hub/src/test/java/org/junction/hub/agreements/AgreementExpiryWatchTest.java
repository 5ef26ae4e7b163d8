package org.junction.hub.agreements;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.config.ConfigSet;
import org.junction.adapters.partner.PartnerDirectory;
import org.junction.hub.operations.Alert;
import org.junction.hub.operations.AlertKind;
import org.junction.hub.operations.AlertStore;
import org.junction.hub.operations.Alerts;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.governance.agreement.AgreementFile;
import org.junction.security.governance.agreement.AgreementProblem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expiry alerts on the hub's own schema: 30 days, then 7 days before an agreement in force
 * expires, each once per agreement version; nothing for an agreement not in force.
 */
class AgreementExpiryWatchTest {

    private static final LocalDate EXPIRES = LocalDate.of(2026, 4, 15);

    private final MovableClock clock = new MovableClock(LocalDate.of(2026, 3, 2));
    private final List<Alert> told = new ArrayList<>();
    private JdbcTemplate jdbc;
    private AgreementApprovalStore approvals;
    private AgreementExpiryWatch watch;

    @BeforeEach
    void database() {
        var ds = new DriverManagerDataSource("jdbc:h2:mem:agreements-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(ds);
        var transactions = new TransactionTemplate(new DataSourceTransactionManager(ds));
        approvals = new AgreementApprovalStore(jdbc, transactions, new LedgerWriter(jdbc));
        var config = new ActiveConfig(new ConfigSet(List.of(), Map.of(), List.of(),
                new PartnerDirectory(List.of()), List.of(agreement("north-sharing"), agreement("south-sharing")),
                Map.of()), Instant.EPOCH);
        var alerts = new Alerts(new AlertStore(jdbc, transactions), told::add, clock);
        watch = new AgreementExpiryWatch(new CurrentAgreements(config, approvals), alerts, jdbc, Duration.ofSeconds(1),
                clock);
        // North is approved by both parties and so in force; south awaits one approval.
        approve("north-sharing", "north-police");
        approve("north-sharing", "north-gp");
        approve("south-sharing", "north-police");
    }

    @Test
    void thirtyThenSevenDaysBeforeExpiryEachOnceAndOnlyForAnAgreementInForce() {
        watch.check();
        assertThat(told).as("44 days ahead").isEmpty();

        clock.set(EXPIRES.minusDays(30));
        watch.check();
        watch.check();
        assertThat(told).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.AGREEMENT_EXPIRING);
            assertThat(a.subject()).isEqualTo("north-sharing/v2/30d");
            assertThat(AgreementExpiryWatch.agreementIdOf(a.subject())).isEqualTo("north-sharing");
            assertThat(a.partnerId()).isNull();
            assertThat(a.count()).isEqualTo(30);
        });

        clock.set(EXPIRES.minusDays(5));
        watch.check();
        assertThat(told).extracting(Alert::subject, Alert::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("north-sharing/v2/30d", Alert.State.OPEN),
                org.assertj.core.groups.Tuple.tuple("north-sharing/v2/7d", Alert.State.OPEN),
                org.assertj.core.groups.Tuple.tuple("north-sharing/v2/30d", Alert.State.RESOLVED));

        clock.set(EXPIRES);
        watch.check();
        assertThat(told).last().satisfies(a -> {
            assertThat(a.subject()).isEqualTo("north-sharing/v2/7d");
            assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
        });

        // Even if the dates came round again (a clock put back), a threshold is told once.
        clock.set(EXPIRES.minusDays(3));
        watch.check();
        assertThat(told).hasSize(4);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM operations_alert WHERE subject LIKE 'south-sharing/%'",
                Integer.class)).isZero();
    }

    @Test
    void approvingAgainRecordsNothingNew() {
        assertThat(approvals.approve(new AgreementApproval("north-sharing", 2, "north-gp"), "ig-north-gp",
                clock.instant())).isFalse();
        assertThat(approvals.all()).hasSize(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE event_type = 'AGREEMENT_APPROVED'",
                Integer.class)).isEqualTo(3);
    }

    private void approve(String id, String organisation) {
        assertThat(approvals.approve(new AgreementApproval(id, 2, organisation), "ig-" + organisation,
                clock.instant())).isTrue();
    }

    private static Agreement agreement(String id) {
        List<AgreementProblem> problems = new ArrayList<>();
        Agreement agreement = AgreementFile.read("""
                id: %s
                version: 2
                status: ACTIVE
                title: Police referrals to the practice
                owner: {organisation: north-police, role: Data Protection Officer}
                parties:
                  - {organisation: north-police, name: Police, role: CONTROLLER, regime: PART3}
                  - {organisation: north-gp, name: Practice, role: CONTROLLER, regime: UKGDPR}
                effective-from: 2026-01-01
                review-date: 2026-03-01
                expires: %s
                flows:
                  - id: police-to-gp
                    from: police-north
                    to: gp-north
                    purposes: [PATSFTY]
                    referral-types: [ADULT_AT_RISK]
                    data-items: [referral.envelope, subject.nhs-number]
                    data-categories: [REFERRAL, IDENTITY]
                    lawful-basis: {art6: 6(1)(e), part3: DPA2018-s35+Sch8-para4, common-law: OVERRIDING_PUBLIC_INTEREST}
                    consent-rule: ALWAYS
                    maximum-decision-wait: PT4H
                    classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
                    retention: {recipient: P6Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
                """.formatted(id, EXPIRES), "agreements/" + id + ".yaml", null, problems);
        assertThat(problems).isEmpty();
        return agreement;
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(LocalDate day) {
            set(day);
        }

        void set(LocalDate day) {
            now = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
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
