package org.junction.hub.decisions;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junction.console.decisions.BatchDecisionAdministration;
import org.junction.console.decisions.DecisionAdministration.DecisionRequest;
import org.junction.routes.decide.DecideService;
import org.junction.routes.decide.HeldDecisionStore;
import org.junction.routes.decide.HeldDecisionStore.FlowKey;
import org.junction.routes.decide.HeldDecisionStore.Held;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.decision.OverrideRecord;
import org.junction.security.governance.decision.SharingOutcome;
import org.junction.security.identity.Person;
import org.junction.security.sharing.SharingDecisionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Batch decisions on the runs of bulk feeds. The rows of one run held for one recipient wait as
 * one batch; a decision-maker the batch's flows authorise decides it once, with the same record
 * a single approval needs. The decision is taken (and recorded, BATCH_DECIDED) first, then applied
 * row by row in bounded transactions: each row becomes a new generation of its own decision with
 * its own DECIDED event, and an approved row its own dispatch. A row is decided only while still
 * pending, under its lock, so a decision cut short and carried on (see {@link #resumeUnfinished})
 * never decides a row twice.
 */
public class BatchDecisions implements BatchDecisionAdministration {

    public static final String KIND = "BATCH";
    private static final Logger log = LoggerFactory.getLogger(BatchDecisions.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final HeldDecisionStore held;
    private final BulkRunStore runs;
    private final Supplier<AgreementRegistry> agreements;
    private final DecideService decide;
    private final SharingDecisionStore decisions;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int chunk;
    /** Batches being applied in this process, so the periodic resume leaves a running one alone. */
    private final Set<String> applying = ConcurrentHashMap.newKeySet();

    /** @param chunk rows decided per transaction */
    public BatchDecisions(HeldDecisionStore held, BulkRunStore runs, Supplier<AgreementRegistry> agreements,
                          DecideService decide, SharingDecisionStore decisions, EnvelopeCipher cipher,
                          LedgerWriter ledger, TransactionTemplate transactions, Clock clock, int chunk) {
        this.held = Objects.requireNonNull(held);
        this.runs = Objects.requireNonNull(runs);
        this.agreements = Objects.requireNonNull(agreements);
        this.decide = Objects.requireNonNull(decide);
        this.decisions = Objects.requireNonNull(decisions);
        this.cipher = Objects.requireNonNull(cipher);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1");
        }
        this.chunk = chunk;
    }

    @Override
    public List<BatchSummary> pendingBatches(Person caller) {
        Map<String, List<BulkRunStore.PendingGroup>> byBatch = new LinkedHashMap<>();
        for (var group : runs.pendingGroups()) {
            byBatch.computeIfAbsent(group.batchId() + "|" + group.recipient(), k -> new ArrayList<>()).add(group);
        }
        List<BatchSummary> summaries = new ArrayList<>();
        for (var groups : byBatch.values()) {
            List<FlowKey> flows = groups.stream()
                    .map(g -> new FlowKey(g.agreementId(), g.agreementVersion(), g.flowId())).distinct().toList();
            if (authorisedTitle(flows, caller).isPresent()) {
                summaries.add(summary(groups));
            }
        }
        return summaries;
    }

    @Override
    public BatchViewOutcome view(UUID batchId, String recipient, int offset, int limit, Person caller) {
        List<FlowKey> flows = held.batchFlows(batchId, recipient);
        if (!FlowAuthorisation.decidesFor(agreements.get(), flows, caller)) {
            return new BatchViewOutcome(Result.NOT_FOUND, null, List.of());
        }
        List<BulkRunStore.PendingGroup> groups = groups(batchId, recipient);
        if (groups.isEmpty()) {
            return new BatchViewOutcome(Result.NOT_FOUND, null, List.of());
        }
        if (authorisedTitle(flows, caller).isEmpty()) {
            return new BatchViewOutcome(Result.NOT_AUTHORISED, null, List.of("decisionMaker.title"));
        }
        Map<UUID, String> marks = runs.marks(batchId);
        List<Held> page = held.pendingInBatch(batchId, recipient, offset, limit);
        List<BatchRow> rows = new ArrayList<>(page.size());
        Instant now = clock.instant();
        for (Held item : page) {
            String payload = new String(cipher.open(item.minimisedPayload(), HeldDecisionStore.minimisedAad(item.id())),
                    StandardCharsets.UTF_8);
            rows.add(new BatchRow(item.id(), item.trackingId(), marks.get(item.trackingId()), payload));
        }
        // What a person saw of each subject is audit, as for a single held referral: one event per row shown.
        transactions.executeWithoutResult(tx -> page.forEach(item -> ledger.record(new LedgerEvent(UUID.randomUUID(),
                null, LedgerEventType.DECISION_VIEWED, now, caller.id(), item.trackingId(), item.sender(),
                item.recipient(), item.purpose(), "VIEWED", item.reasonCode(), item.generation(), item.pseudonyms()))));
        List<LeftSubject> left = runs.left(batchId).stream().map(LeftSubject::new).toList();
        return new BatchViewOutcome(Result.SHOWN, new BatchView(summary(groups), offset, rows, left), List.of());
    }

    @Override
    public BatchOutcome decide(UUID batchId, String recipient, DecisionRequest request, Person caller) {
        // Scope first: another organisation's batch is answered as absent, decided or not, so its
        // existence and its decision cannot be probed.
        List<FlowKey> flows = held.batchFlows(batchId, recipient);
        if (!FlowAuthorisation.decidesFor(agreements.get(), flows, caller)) {
            return outcome(Result.NOT_FOUND, batchId, recipient, null, null, null, List.of());
        }
        Optional<BulkRunStore.BatchDecision> earlier = runs.decision(batchId, recipient);
        if (earlier.isPresent()) {
            return outcome(Result.ALREADY_DECIDED, batchId, recipient, earlier.get().decision(),
                    earlier.get().state().name(), null, List.of());
        }
        Optional<String> title = authorisedTitle(flows, caller);
        if (title.isEmpty()) {
            return outcome(Result.NOT_AUTHORISED, batchId, recipient, null, null, null, List.of("decisionMaker.title"));
        }
        List<Held> first = held.pendingInBatch(batchId, recipient, 0, 1);
        if (first.isEmpty()) {
            // Every row was decided on its own.
            return outcome(Result.ALREADY_DECIDED, batchId, recipient, null, "DECIDED", null, List.of());
        }
        if (runs.find(batchId).isEmpty() || runs.undecidedRows(batchId) > 0) {
            return outcome(Result.NOT_READY, batchId, recipient, null, "ARRIVING", null, List.of());
        }
        if (request == null || request.decision() == null) {
            return outcome(Result.INCOMPLETE, batchId, recipient, null, null, null, List.of("decision"));
        }
        Instant now = clock.instant();
        return switch (request.decision().strip().toUpperCase(Locale.ROOT)) {
            case "DECLINE" -> take(new BulkRunStore.BatchDecision(batchId, recipient, "DECLINE",
                    BulkRunStore.BatchState.DECIDING, caller.id(), now, null, null, null, 0, 0), null, first.get(0));
            case "APPROVE" -> approve(batchId, recipient, request, caller, title.get(), first.get(0), now);
            default -> outcome(Result.INCOMPLETE, batchId, recipient, null, null, null, List.of("decision"));
        };
    }

    private BatchOutcome approve(UUID batchId, String recipient, DecisionRequest request, Person caller, String title,
                                 Held sample, Instant now) {
        List<String> invalid = new ArrayList<>();
        OverrideRecord record = HeldDecisions.overrideRecord(request, caller, title, now, invalid);
        if (record == null) {
            return outcome(Result.INCOMPLETE, batchId, recipient, null, null, null, invalid);
        }
        // The record is checked as for a single approval, on a row of the batch, before anything is written.
        int probeGeneration = decisions.latestGeneration(sample.trackingId(), sample.recipient()) + 1;
        SharingOutcome probe = decide.decideHeld(sample, probeGeneration, record, caller.id(), false);
        if (!probe.permits()) {
            List<String> missing = record.missing(probe.disclosure() != null && probe.disclosure().specialCategory(), now);
            return outcome(missing.isEmpty() ? Result.NOT_PERMITTED : Result.INCOMPLETE, batchId, recipient, null,
                    null, probe.reasonCode(), missing);
        }
        byte[] sealed = cipher.seal(HeldDecisions.json(record), overrideAad(record.decisionId()));
        return take(new BulkRunStore.BatchDecision(batchId, recipient, "APPROVE", BulkRunStore.BatchState.DECIDING,
                caller.id(), now, record.decisionId(), record.reason().name(), sealed, 0, 0), record, sample);
    }

    /** Takes the decision (once only), then applies it to every row still waiting. */
    private BatchOutcome take(BulkRunStore.BatchDecision decision, OverrideRecord record, Held sample) {
        boolean approve = record != null;
        // Owned before the claim commits: once committed the decision is unfinished, and the periodic
        // resume would otherwise start on it first and leave this request answering with 0 rows.
        String key = applyingKey(decision);
        boolean owner = applying.add(key);
        try {
            try {
                transactions.executeWithoutResult(tx -> {
                    runs.claim(decision);
                    ledger.record(new LedgerEvent(UUID.randomUUID(), LedgerEvent.stageKey(decision.batchId(),
                            LedgerEventType.BATCH_DECIDED, decision.recipient(), 1), LedgerEventType.BATCH_DECIDED,
                            decision.decidedAt(), decision.decidedBy(), decision.batchId(), sample.sender(),
                            decision.recipient(), sample.purpose(), approve ? "APPROVED" : "DECLINED",
                            decision.overrideReason(), 1, List.of()));
                });
            } catch (DuplicateKeyException someoneFirst) {
                var taken = runs.decision(decision.batchId(), decision.recipient()).orElseThrow();
                return outcome(Result.ALREADY_DECIDED, decision.batchId(), decision.recipient(), taken.decision(),
                        taken.state().name(), null, List.of());
            }
            // Not the owner only when another request of this process holds the same batch; its claim
            // failed or will, and whatever is left the periodic resume carries on.
            int[] counts = owner ? applyOwned(decision, record) : new int[] {0, 0};
            var done = runs.decision(decision.batchId(), decision.recipient()).orElseThrow();
            log.info("Batch {} for {} {} by {}: {} rows decided now, {} sent", decision.batchId(),
                    decision.recipient(), approve ? "approved" : "declined", decision.decidedBy(), counts[0],
                    counts[1]);
            return new BatchOutcome(approve ? Result.APPROVED : Result.DECLINED, decision.batchId(),
                    decision.recipient(), decision.decision(), done.state().name(), done.rowsDecided(),
                    done.rowsPermitted(), approve ? null : DecideService.DECLINED_BY_DECISION_MAKER,
                    decision.decisionId(), List.of());
        } finally {
            if (owner) {
                applying.remove(key);
            }
        }
    }

    private static String applyingKey(BulkRunStore.BatchDecision decision) {
        return decision.batchId() + "|" + decision.recipient();
    }

    /** Applies the decision unless this process is applying it already; see {@link #applyOwned}. */
    private int[] apply(BulkRunStore.BatchDecision decision, OverrideRecord record) {
        String key = applyingKey(decision);
        if (!applying.add(key)) {
            return new int[] {0, 0};
        }
        try {
            return applyOwned(decision, record);
        } finally {
            applying.remove(key);
        }
    }

    /**
     * Decides the batch's waiting rows a chunk per transaction until none is left, and marks the
     * decision done. The caller holds the batch in {@link #applying}. Returns the rows this call
     * decided and how many of them were sent.
     */
    private int[] applyOwned(BulkRunStore.BatchDecision decision, OverrideRecord record) {
        int decided = 0;
        int permitted = 0;
        while (true) {
            int[] step = transactions.execute(tx -> applyChunk(decision, record));
            decide.outboxWritten();
            decided += step[0];
            permitted += step[1];
            if (step[2] == 0) {
                break;
            }
        }
        transactions.executeWithoutResult(tx -> runs.completed(decision.batchId(), decision.recipient(),
                clock.instant()));
        return new int[] {decided, permitted};
    }

    /** {rows decided, rows sent, rows looked at}: a row someone decided meanwhile is skipped. */
    private int[] applyChunk(BulkRunStore.BatchDecision decision, OverrideRecord record) {
        List<Held> rows = held.lockPendingInBatch(decision.batchId(), decision.recipient(), chunk);
        int decided = 0;
        int permitted = 0;
        Instant now = clock.instant();
        for (Held item : rows) {
            boolean approve = record != null;
            if (!held.decide(item.id(), approve ? HeldDecisionStore.State.APPROVED : HeldDecisionStore.State.DECLINED,
                    decision.decidedBy(), now, decision.decisionId(), decision.overrideReason(),
                    decision.overrideRecord())) {
                continue;
            }
            int next = decisions.latestGeneration(item.trackingId(), item.recipient()) + 1;
            if (approve) {
                SharingOutcome outcome = decide.decideHeldInBatch(item, next, record, decision.decidedBy());
                if (outcome.permits()) {
                    permitted++;
                }
            } else {
                decide.recordDeclined(item, next, decision.decidedBy());
            }
            decided++;
        }
        runs.progressed(decision.batchId(), decision.recipient(), decided, permitted);
        return new int[] {decided, permitted, rows.size()};
    }

    /**
     * Carries on batch decisions a restart cut short, from the rows still waiting; the rows decided
     * before keep their decisions. Called periodically.
     */
    public void resumeUnfinished() {
        for (var decision : runs.unfinished()) {
            if (applying.contains(applyingKey(decision))) {
                continue;
            }
            OverrideRecord record = null;
            if ("APPROVE".equals(decision.decision())) {
                try {
                    record = JSON.readValue(cipher.open(decision.overrideRecord(), overrideAad(decision.decisionId())),
                            OverrideRecord.class);
                } catch (IOException e) {
                    log.error("Batch {} for {}: the override record cannot be read; left unfinished",
                            decision.batchId(), decision.recipient());
                    continue;
                }
            }
            int[] counts = apply(decision, record);
            if (counts[0] > 0) {
                log.info("Batch {} for {} carried on: {} more rows decided, {} sent", decision.batchId(),
                        decision.recipient(), counts[0], counts[1]);
            }
        }
    }

    private List<BulkRunStore.PendingGroup> groups(UUID batchId, String recipient) {
        return runs.pendingGroups().stream()
                .filter(g -> g.batchId().equals(batchId) && g.recipient().equals(recipient)).toList();
    }

    private BatchSummary summary(List<BulkRunStore.PendingGroup> groups) {
        var head = groups.get(0);
        var run = runs.find(head.batchId());
        boolean ready = run.isPresent() && runs.undecidedRows(head.batchId()) == 0;
        Map<String, Integer> counts = runs.markCounts(head.batchId(), head.recipient());
        return new BatchSummary(KIND, head.batchId(), head.sender(), run.map(BulkRunStore.Run::feed).orElse(null),
                run.map(BulkRunStore.Run::runLabel).orElse(null), head.recipient(), head.purpose(), head.agreementId(),
                head.agreementVersion(), head.flowId(), head.reasonCode(),
                groups.stream().mapToInt(BulkRunStore.PendingGroup::rows).sum(), ready,
                new MarkCounts(counts.getOrDefault("NEW", 0), counts.getOrDefault("CONTINUING", 0),
                        counts.getOrDefault("LEFT", 0)),
                groups.stream().map(BulkRunStore.PendingGroup::waitingSince).min(Comparator.naturalOrder()).orElseThrow(),
                groups.stream().map(BulkRunStore.PendingGroup::decideBy).min(Comparator.naturalOrder()).orElseThrow());
    }

    /** A role title of the caller's that every one of the flows authorises in the caller's organisation. */
    private Optional<String> authorisedTitle(List<FlowKey> keys, Person caller) {
        return FlowAuthorisation.authorisedTitle(agreements.get(), keys, caller);
    }

    private static byte[] overrideAad(UUID decisionId) {
        return ("override|" + decisionId).getBytes(StandardCharsets.UTF_8);
    }

    private static BatchOutcome outcome(Result result, UUID batchId, String recipient, String decision, String state,
                                        String reasonCode, List<String> fields) {
        return new BatchOutcome(result, batchId, recipient, decision, state, null, null, reasonCode, null, fields);
    }
}
