package org.junction.adapters.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.junction.adapters.intake.BulkIntakeReceipt;
import org.junction.adapters.intake.SourceIntake;
import org.junction.mappings.problem.MappingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one partner file to intake: a bulk file row by row when the partner's format is a bulk
 * one, otherwise the whole file as one referral. The file's id (its name plus a hash of its
 * content) is the request id, so a file read twice (say, intake returned but the delete did not
 * reach the partner's server) is recognised and nothing is stored twice, while a new file that
 * reuses an old name is not mistaken for it.
 */
class FileIntake implements Processor {

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);
    /** Leaves room within the 128 characters of a request id for the hash and a bulk row suffix. */
    private static final int NAME_PART = 60;

    private final SourceIntake intake;
    private final String partnerId;
    private final String mapperId;

    FileIntake(SourceIntake intake, String partnerId, String mapperId) {
        this.intake = intake;
        this.partnerId = partnerId;
        this.mapperId = mapperId;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        var message = exchange.getMessage();
        String name = message.getHeader(Exchange.FILE_NAME_ONLY, "file", String.class);
        byte[] body = message.getMandatoryBody(byte[].class);
        String fileId = fileId(name, body);
        if (RecallAckFile.is(body)) {
            acknowledgeRecalls(fileId, body);
            message.setBody(null);
            return;
        }
        try {
            if (intake.isBulk(mapperId)) {
                BulkIntakeReceipt receipt = intake.acceptBulk(partnerId, mapperId, fileId, fileId, body);
                if (receipt.refused().isEmpty()) {
                    log.info("File {} from {}: {} rows accepted", fileId, partnerId, receipt.accepted().size());
                } else {
                    log.warn("File {} from {}: {} rows accepted, rows {} refused", fileId, partnerId,
                            receipt.accepted().size(),
                            receipt.refused().stream().map(BulkIntakeReceipt.RefusedRow::rowNumber).toList());
                }
            } else {
                var receipt = intake.accept(partnerId, mapperId, fileId, fileId, body);
                log.info("File {} from {}: referral {}{}", fileId, partnerId, receipt.trackingId(),
                        receipt.duplicate() ? " (already received)" : "");
            }
        } catch (MappingException unreadable) {
            // The mapping problems name fields and reasons, never values.
            log.warn("File {} from {} cannot be read and is moved to {}: {}", fileId, partnerId,
                    IntakeFileStrategy.ERROR_FOLDER, unreadable.getMessage());
            throw new UnreadableFileException(partnerId, fileId, unreadable);
        } catch (RuntimeException passing) {
            log.warn("File {} from {} is left for the next poll: {}", fileId, partnerId,
                    passing.getClass().getSimpleName());
            throw passing;
        }
        // The bytes are no longer needed; do not keep them on the exchange any longer than this.
        message.setBody(null);
    }

    /**
     * Each row's recall is acknowledged; a row that names no recall of this partner's (or nothing
     * readable) is refused and recorded by the hub, and the file then goes to {@code .error} so
     * the partner sees it was not all taken. Repeating a row already taken changes nothing.
     */
    private void acknowledgeRecalls(String fileId, byte[] body) {
        List<Integer> refused = new ArrayList<>();
        List<RecallAckFile.Row> rows = RecallAckFile.rows(body);
        for (RecallAckFile.Row row : rows) {
            if (row.id() == null || intake.acknowledgeRecall(partnerId, row.id(), "file")
                    == org.junction.adapters.recall.RecallAcknowledgements.Result.REFUSED) {
                refused.add(row.number());
            }
        }
        if (rows.isEmpty() || !refused.isEmpty()) {
            log.warn("Recall acknowledgement file {} from {}: rows {} refused, moved to {}", fileId, partnerId,
                    refused, IntakeFileStrategy.ERROR_FOLDER);
            throw new UnreadableFileException(partnerId, fileId, new IllegalArgumentException(
                    rows.isEmpty() ? "no acknowledgement rows" : "rows " + refused + " name no recall of this partner's"));
        }
        log.info("Recall acknowledgement file {} from {}: {} rows taken", fileId, partnerId, rows.size());
    }

    /** {@code <name, made safe>-<first 24 hex digits of SHA-256 of the content>}. */
    static String fileId(String name, byte[] content) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > NAME_PART) {
            safe = safe.substring(0, NAME_PART);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return safe + "-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
