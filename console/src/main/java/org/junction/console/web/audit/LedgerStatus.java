package org.junction.console.web.audit;

import java.time.Instant;
import java.util.List;

/**
 * Where the audit ledger's hash chain stands: positions, hashes, key ids and times only, nothing of
 * any person or flow. Implemented by the hub.
 */
public interface LedgerStatus {

    /** @param seq the last sealed position; 0 before anything was sealed */
    record Head(long seq, String hash) {
    }

    /** @param signatureValid whether its signature holds under the key its key id names */
    record Checkpoint(long seq, String headHash, Instant createdAt, String keyId, boolean signatureValid) {
    }

    /** A closed segment: the events up to {@code closedThroughSeq} were removed under retention. */
    record Segment(long closedThroughSeq, String headHash, String checkpointKeyId, Instant closedAt,
                   long eventsRemoved) {
    }

    /**
     * @param lastCheckpoint the latest signed checkpoint the database holds; null while there is none
     * @param segments       closed segments, latest first
     */
    record Status(Head head, Checkpoint lastCheckpoint, List<Segment> segments) {
    }

    Status status();
}
