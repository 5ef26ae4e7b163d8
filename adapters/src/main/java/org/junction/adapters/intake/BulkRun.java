package org.junction.adapters.intake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One run of a bulk feed: the good rows of one file from one sender in one bulk format, as intake
 * stored them. Ids and pseudonyms only.
 *
 * @param batchId  the run's id, carried by each row's referral (see {@link #batchId})
 * @param feed     the bulk format the sender's file was read with: runs of one sender and feed follow each other
 * @param runLabel what tells this run from the feed's others: the file's id (its name and a hash of its content)
 */
public record BulkRun(UUID batchId, String sender, String feed, String runLabel, Instant receivedAt, List<Row> rows) {

    /**
     * One stored row: its referral and its subject's pseudonyms under every key held (empty when the
     * row named no identifier).
     */
    public record Row(UUID trackingId, List<String> pseudonyms) {
        public Row {
            Objects.requireNonNull(trackingId, "trackingId");
            pseudonyms = List.copyOf(pseudonyms);
        }
    }

    public BulkRun {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(feed, "feed");
        Objects.requireNonNull(runLabel, "runLabel");
        Objects.requireNonNull(receivedAt, "receivedAt");
        rows = List.copyOf(rows);
    }

    /**
     * Stable for the same file from the same sender in the same format, so a file read twice is
     * the same run and its rows the same batch.
     */
    public static UUID batchId(String sender, String feed, String runLabel) {
        return UUID.nameUUIDFromBytes(("bulk-run|" + sender + "|" + feed + "|" + runLabel)
                .getBytes(StandardCharsets.UTF_8));
    }
}
