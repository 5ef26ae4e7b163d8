package org.junction.hub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.OutboxStore;
import org.junction.security.audit.ChainVerifier;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerReader;
import org.junction.security.audit.LedgerSealer;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.consent.ConsentRecord;
import org.junction.security.consent.ConsentStore;
import org.junction.security.sharing.SharingDecision;
import org.junction.security.sharing.SharingDecisionStore;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The migrations and the intake store behave the same on H2 (embedded default) and PostgreSQL
 * (production): each test runs on both, PostgreSQL in a fresh schema dropped afterwards.
 */
class StoreOnEachDatabaseIT {

    @OnEachDatabase
    void storesBehaveAlike(MigratedDatabase db) {
        exerciseStore(db.dataSource());
    }

    private static void exerciseStore(DataSource ds) {
        var jdbc = new JdbcTemplate(ds);
        var tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        var store = new OutboxStore(jdbc);
        var ledger = new LedgerWriter(jdbc);
        UUID trackingId = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        tx.executeWithoutResult(s -> {
            store.insertRequest("police-a", "req-1", trackingId, "corr-1", now);
            store.insert(new OutboxRow(0, trackingId, "hub.intake", "dup-" + trackingId, "police-a", null, "corr-1", 1, "PATSFTY",
                    List.of("p1:aaa", "p1:bbb"), new byte[] {1, 2, 3, 0, -1}, now, 7));
            ledger.record(LedgerEvent.forReferral(LedgerEventType.RECEIVED, trackingId, "police-a", "police-a", null,
                    "PATSFTY", null, null, 1, List.of("p1:aaa", "p1:bbb"), now));
        });

        assertThat(store.findTrackingId("police-a", "req-1")).hasValue(trackingId);
        assertThat(store.senderOf(trackingId)).hasValue("police-a");
        // A repeat is told by the count, without a unique violation to poison the transaction.
        Boolean repeatThenMore = tx.execute(s -> !store.insertRequest("police-a", "req-1", UUID.randomUUID(), "corr-1",
                now) && store.insertRequest("police-a", "req-2", UUID.randomUUID(), "corr-2", now));
        assertThat(repeatThenMore).isTrue();
        assertThat(store.findTrackingId("police-a", "req-1")).hasValue(trackingId);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> jdbc.update("""
                INSERT INTO intake_request (sender_partner_id, request_id, tracking_id, received_at)
                VALUES ('police-a', 'req-1', ?, ?)""", UUID.randomUUID(), java.sql.Timestamp.from(now))))
                .as("the key still holds for a writer that does not look first").isInstanceOf(DuplicateKeyException.class);

        List<OutboxRow> rows = tx.execute(s -> store.lockOldest(10, now));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).payload()).containsExactly(1, 2, 3, 0, -1);
        assertThat(rows.get(0).priority()).isEqualTo(7);
        assertThat(rows.get(0).subjectPseudonyms()).containsExactly("p1:aaa", "p1:bbb");
        assertThat(rows.get(0).createdAt()).isEqualTo(now);
        assertThat(store.backlog()).isEqualTo(1);

        boolean again = tx.execute(s -> ledger.record(LedgerEvent.forReferral(LedgerEventType.RECEIVED, trackingId,
                "police-a", "police-a", null, "PATSFTY", null, null, 1, List.of("p1:aaa"), now)));
        assertThat(again).as("a repeated stage finds its earlier record").isFalse();

        // A relay locks its rows as it reads them and deletes them once sent; the next read finds
        // them gone (two relays at once: OutboxLockOnEachDatabaseIT).
        long id = rows.get(0).id();
        tx.executeWithoutResult(s -> {
            assertThat(store.lockOldest(10, now)).extracting(OutboxRow::id).containsExactly(id);
            assertThat(store.delete(List.of(id))).isEqualTo(1);
        });
        assertThat(store.backlog()).isZero();
        List<OutboxRow> left = tx.execute(s -> store.lockOldest(10, now));
        assertThat(left).isEmpty();

        // A row its stage claimed is not the relay's until the claim ends (runs out or is released),
        // and is deleted by its duplicate id once the stage has sent it.
        OutboxRow claimed = new OutboxRow(0, trackingId, "hub.dispatch.gp-a", "dup-claimed-" + trackingId, "police-a",
                "gp-a", null, 1, "PATSFTY", List.of("p1:aaa"), new byte[] {4}, now, 4).claimedUntil(now.plusSeconds(3600));
        tx.executeWithoutResult(s -> store.insert(claimed));
        List<OutboxRow> whileClaimed = tx.execute(s -> store.lockOldest(10, now));
        assertThat(whileClaimed).isEmpty();
        List<OutboxRow> onceRunOut = tx.execute(s -> store.lockOldest(10, now.plusSeconds(3600)));
        assertThat(onceRunOut).singleElement()
                .satisfies(row -> assertThat(row.claimedUntil()).isEqualTo(now.plusSeconds(3600)));
        Integer released = tx.execute(s -> store.releaseClaims(trackingId, 1, now));
        assertThat(released).isEqualTo(1);
        Integer releasedAgain = tx.execute(s -> store.releaseClaims(trackingId, 1, now));
        assertThat(releasedAgain).as("released already").isZero();
        List<OutboxRow> onceReleased = tx.execute(s -> store.lockOldest(10, now));
        assertThat(onceReleased).singleElement().satisfies(row -> assertThat(row.claimed()).isTrue());
        Integer deleted = tx.execute(s -> store.delete(List.of(), List.of(claimed.duplicateId())));
        assertThat(deleted).isEqualTo(1);
        assertThat(store.backlog()).isZero();
        assertThat(new LedgerReader(jdbc).timeline(trackingId))
                .extracting(LedgerReader.TimelineEntry::type).containsExactly(LedgerEventType.RECEIVED);
        assertThat(new LedgerReader(jdbc).timelinesReceivedSince(now.minusSeconds(1), 10))
                .as("the dashboard's timelines of the day, in one query").containsOnlyKeys(trackingId)
                .extractingByKey(trackingId).asList().hasSize(1);
        assertThat(new LedgerReader(jdbc).timelinesReceivedSince(now.plusSeconds(1), 10)).isEmpty();
        Integer bySubject = jdbc.queryForObject(
                "SELECT COUNT(*) FROM ledger_subject WHERE pseudonym = ?", Integer.class, "p1:bbb");
        assertThat(bySubject).isEqualTo(1);
        // The search index holds the uniqueness the primary key held until V28.
        Long eventRowId = jdbc.queryForObject("SELECT ledger_event_id FROM ledger_subject WHERE pseudonym = 'p1:bbb'",
                Long.class);
        assertThat(jdbc.queryForList(
                "SELECT pseudonym FROM ledger_subject WHERE ledger_event_id = ? ORDER BY pseudonym", String.class,
                eventRowId)).containsExactly("p1:aaa", "p1:bbb");
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> jdbc.update(
                "INSERT INTO ledger_subject (ledger_event_id, pseudonym) VALUES (?, 'p1:aaa')", eventRowId)))
                .as("one row per subject of an event").isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> jdbc.update(
                "INSERT INTO ledger_subject (ledger_event_id, pseudonym) VALUES (?, 'p1:ccc')", eventRowId + 1000)))
                .as("no subject without its event").isInstanceOf(DataIntegrityViolationException.class);

        exerciseDecisionsConsentsAndChain(jdbc, tx, trackingId, now);
        exerciseVitalInterests(jdbc, tx, trackingId, now);
    }

    private static void exerciseVitalInterests(JdbcTemplate jdbc, TransactionTemplate tx, UUID trackingId, Instant now) {
        var store = new org.junction.routes.decide.VitalInterestsStore(jdbc);
        UUID id = org.junction.routes.decide.VitalInterestsStore.idOf(trackingId, "gp-a");
        var owed = new org.junction.routes.decide.VitalInterestsStore.Obligation(id, trackingId, "gp-a", "police-a",
                "police-a", "PATSFTY", 1, "isa-a", 1, "flow-a", true, List.of("p1:aaa"), now, now.plusSeconds(60),
                org.junction.routes.decide.VitalInterestsStore.State.OUTSTANDING, null, null, null);
        tx.executeWithoutResult(s -> assertThat(store.insertIfAbsent(owed)).isTrue());
        Boolean again = tx.execute(s -> store.insertIfAbsent(owed));
        assertThat(again).as("owed once per referral and recipient").isFalse();
        assertThat(store.outstanding()).singleElement().satisfies(o -> {
            assertThat(o.recordDue()).isEqualTo(now.plusSeconds(60));
            assertThat(o.specialCategory()).isTrue();
            assertThat(o.pseudonyms()).containsExactly("p1:aaa");
        });
        List<org.junction.routes.decide.VitalInterestsStore.Obligation> overdue =
                tx.execute(s -> store.newlyOverdue(now.plusSeconds(120)));
        List<org.junction.routes.decide.VitalInterestsStore.Obligation> overdueAgain =
                tx.execute(s -> store.newlyOverdue(now.plusSeconds(180)));
        assertThat(overdue).hasSize(1);
        assertThat(overdueAgain).as("alerted once").isEmpty();
        UUID decisionId = UUID.randomUUID();
        Boolean recorded = tx.execute(s -> store.lock(id).isPresent()
                && store.record(id, "dm-a", now.plusSeconds(200), decisionId, "UNABLE", new byte[] {4, 2}));
        assertThat(recorded).isTrue();
        assertThat(store.record(id, "dm-b", now.plusSeconds(201), UUID.randomUUID(), "UNABLE", new byte[] {1})).isFalse();
        assertThat(store.find(id)).hasValueSatisfying(o -> {
            assertThat(o.recordedBy()).isEqualTo("dm-a");
            assertThat(o.decisionId()).isEqualTo(decisionId);
        });
        assertThat(store.outstanding()).isEmpty();
    }

    private static void exerciseDecisionsConsentsAndChain(JdbcTemplate jdbc, TransactionTemplate tx, UUID trackingId,
                                                          Instant now) {
        var consents = new ConsentStore(jdbc);
        var consent = new ConsentRecord(UUID.randomUUID(), ConsentRecord.Status.ACTIVE, ConsentRecord.Provision.PERMIT,
                Set.of("PATSFTY"), Set.of("gp-a"), null, now.plusSeconds(3600), now);
        tx.executeWithoutResult(s -> assertThat(consents.save(consent, List.of("p1:aaa", "p1:bbb"), "fhir-api", "police-a",
                new byte[] {9, 8, 7})).isTrue());
        assertThat(consents.save(consent, List.of("p1:aaa"), "fhir-api", "police-a", new byte[] {9})).isFalse();
        assertThat(consents.forSubject(List.of("p1:bbb", "p1:zzz"))).containsExactly(consent);
        // The sealed Consent is kept once, on the first row written for it; a pseudonym added later holds none.
        assertThat(consents.save(consent, List.of("p1:ccc", "p1:aaa"), "fhir-api", "police-a", new byte[] {9})).isTrue();
        assertThat(jdbc.query("SELECT subject_pseudonym, payload FROM consent_record WHERE id = ? ORDER BY subject_pseudonym",
                (rs, i) -> rs.getString(1) + "=" + Arrays.toString(rs.getBytes(2)), consent.id()))
                .containsExactly("p1:aaa=[9, 8, 7]", "p1:bbb=null", "p1:ccc=null");
        assertThat(consents.forSubject(List.of("p1:ccc"))).containsExactly(consent);

        var decisions = new SharingDecisionStore(jdbc);
        tx.executeWithoutResult(s -> decisions.insert(trackingId, 1,
                new SharingDecision("gp-a", SharingDecision.Outcome.PERMIT, "CONSENT_GIVEN"), now));
        assertThat(decisions.decided(trackingId, 1)).isTrue();
        assertThat(decisions.decided(trackingId, 2)).isFalse();
        // The decide stage's first read: the consent under two of the pseudonyms once, unless decided.
        assertThat(decisions.consentsUnlessDecided(trackingId, 1, List.of("p1:aaa", "p1:bbb"))).isEmpty();
        assertThat(decisions.consentsUnlessDecided(trackingId, 2, List.of("p1:aaa", "p1:bbb")))
                .hasValueSatisfying(found -> assertThat(found).containsExactly(consent));
        assertThat(decisions.consentsUnlessDecided(trackingId, 2, List.of("p1:zzz"))).contains(List.of());
        assertThat(decisions.consentsUnlessDecided(trackingId, 1, List.of())).isEmpty();
        assertThat(decisions.consentsUnlessDecided(trackingId, 2, List.of())).contains(List.of());
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> decisions.insert(trackingId, 1,
                new SharingDecision("gp-a", SharingDecision.Outcome.DENY, "NO_CONSENT"), now)))
                .isInstanceOf(DuplicateKeyException.class);

        var ledger = new LedgerWriter(jdbc);
        tx.executeWithoutResult(s -> ledger.record(LedgerEvent.forReferral(LedgerEventType.DECIDED, trackingId, "hub",
                "police-a", "gp-a", "PATSFTY", "PERMIT", "CONSENT_GIVEN", 1, List.of("p1:aaa"), now.plusMillis(1))));
        assertThat(new LedgerReader(jdbc).recentReferrals(10))
                .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("DECIDED"));

        var sealer = new LedgerSealer(jdbc, tx, Clock.systemUTC());
        assertThat(sealer.sealPending(100)).isEqualTo(2);
        assertThat(sealer.sealPending(100)).isZero();
        var verifier = new ChainVerifier(jdbc);
        assertThat(verifier.verify().valid()).isTrue();
        jdbc.update("UPDATE ledger_event SET reason_code = 'EDITED' WHERE event_type = 'DECIDED'");
        assertThat(verifier.verify().firstBadSeq()).isEqualTo(2L);

        // The relay records a batch's events in two statements; a step already recorded is skipped.
        UUID next = UUID.randomUUID();
        var queued = List.of(
                LedgerEvent.forReferral(LedgerEventType.DECIDED, trackingId, "hub", "police-a", "gp-a", "PATSFTY",
                        "DENY", "NO_CONSENT", 1, List.of("p1:zzz"), now.plusMillis(2)),
                LedgerEvent.forReferral(LedgerEventType.QUEUED, next, "hub", "police-a", null, "PATSFTY", null, null, 1,
                        List.of("p1:ccc", "p1:ddd"), now.plusMillis(2)),
                LedgerEvent.forReferral(LedgerEventType.QUEUED, UUID.randomUUID(), "hub", "police-a", null, "PATSFTY",
                        null, null, 1, List.of("p1:ccc"), now.plusMillis(2)));
        tx.executeWithoutResult(s -> ledger.recordAll(queued));
        assertThat(jdbc.queryForList("SELECT outcome FROM ledger_event WHERE tracking_id = ? AND event_type = 'DECIDED'",
                String.class, trackingId)).containsExactly("PERMIT");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_subject WHERE pseudonym = 'p1:zzz'", Integer.class))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_subject WHERE pseudonym = 'p1:ccc'", Integer.class))
                .isEqualTo(2);
        assertThat(new LedgerReader(jdbc).timeline(next)).extracting(LedgerReader.TimelineEntry::type)
                .containsExactly(LedgerEventType.QUEUED);
        assertThat(sealer.sealPending(100)).isEqualTo(2);
    }
}
