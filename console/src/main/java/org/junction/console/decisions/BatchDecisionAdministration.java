package org.junction.console.decisions;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junction.console.decisions.DecisionAdministration.DecisionRequest;
import org.junction.security.identity.Person;

/**
 * Bulk feeds decided a batch at a time: the held rows of one run of a feed for one recipient are
 * one pending decision, and one decision (with the same full record as a single approval)
 * releases or declines every one of them, each row keeping its own decision and ledger events.
 */
public interface BatchDecisionAdministration {

    /** The batches whose flows authorise one of the caller's role titles in their organisation. */
    List<BatchSummary> pendingBatches(Person caller);

    /** The batch's rows still waiting, minimised as the recipient would get them, and its LEFT subjects. */
    BatchViewOutcome view(UUID batchId, String recipient, int offset, int limit, Person caller);

    BatchOutcome decide(UUID batchId, String recipient, DecisionRequest request, Person caller);

    /**
     * @param rows     held rows still waiting for this recipient
     * @param ready    false while rows of the run are still being decided: it cannot be decided yet
     * @param counts   subjects of the run by mark (NEW, CONTINUING among the waiting rows; LEFT for the run)
     */
    record BatchSummary(String kind, UUID batchId, String sender, String feed, String runLabel, String recipient,
                        String purpose, String agreementId, int agreementVersion, String flowId, String reasonHeld,
                        int rows, boolean ready, MarkCounts counts, Instant waitingSince, Instant decideBy) {
    }

    record MarkCounts(int newSubjects, int continuing, int left) {
    }

    /** @param payload the minimised referral as the recipient would get it (a FHIR Bundle) */
    record BatchRow(UUID id, UUID trackingId, String mark, @JsonRawValue String payload) {
    }

    /** A subject of the previous run this run no longer lists: pseudonyms only. */
    record LeftSubject(List<String> pseudonyms) {
    }

    record BatchView(BatchSummary batch, int offset, List<BatchRow> rows, List<LeftSubject> left) {
    }

    enum Result {
        APPROVED,
        DECLINED,
        SHOWN,
        NOT_FOUND,
        /** The batch was already decided for this recipient, or is still arriving. */
        ALREADY_DECIDED,
        NOT_READY,
        NOT_AUTHORISED,
        INCOMPLETE,
        NOT_PERMITTED
    }

    record BatchViewOutcome(Result result, BatchView view, List<String> fields) {
    }

    /**
     * @param rowsDecided   the rows this decision decided (each a new generation of its own decision)
     * @param rowsPermitted of those, the rows sent; the others were denied
     */
    record BatchOutcome(Result result, UUID batchId, String recipient, String decision, String state,
                        Integer rowsDecided, Integer rowsPermitted, String reasonCode, UUID decisionId,
                        List<String> fields) {
    }
}
