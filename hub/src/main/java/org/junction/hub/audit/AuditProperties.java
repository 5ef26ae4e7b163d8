package org.junction.hub.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signed checkpoints of the audit ledger ({@code hub.audit.*}).
 *
 * @param checkpointEvery    sign a checkpoint once this many events were sealed since the last one
 * @param checkpointInterval or once this long has passed since the last one and the chain grew: the
 *                           longest stretch of sealed chain not yet covered by a signature
 * @param checkpointFile     the copy of every checkpoint outside the database, one JSON line each;
 *                           default {@code <data-dir>/audit/checkpoints.jsonl}. Put it on storage the
 *                           database's administrators cannot rewrite, and back it up apart from the database
 */
@Validated
@ConfigurationProperties("hub.audit")
public record AuditProperties(
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int checkpointEvery,
        @DefaultValue("60s") @NotNull Duration checkpointInterval,
        Path checkpointFile) {

    public AuditProperties {
        if (checkpointInterval != null && (checkpointInterval.isNegative() || checkpointInterval.isZero())) {
            throw new IllegalArgumentException("hub.audit.checkpoint-interval must be positive");
        }
    }

    /** The checkpoint file a node with these settings writes. */
    public Path checkpointFile(Path dataDir) {
        return checkpointFile != null ? checkpointFile : dataDir.resolve("audit/checkpoints.jsonl");
    }
}
