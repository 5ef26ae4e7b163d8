package org.junction.adapters.intake;

import java.util.List;
import org.junction.mappings.problem.Violation;

/**
 * What intake answers for a bulk file.
 *
 * @param rows     data rows read (header excluded)
 * @param accepted one receipt per good row, duplicates of an earlier delivery of the file included
 * @param refused  the rows that did not map, with their row numbers and why
 */
public record BulkIntakeReceipt(String fileId, int rows, List<IntakeReceipt> accepted, List<RefusedRow> refused) {

    public record RefusedRow(int rowNumber, List<Violation> violations) {
        public RefusedRow {
            violations = List.copyOf(violations);
        }
    }

    public BulkIntakeReceipt {
        accepted = List.copyOf(accepted);
        refused = List.copyOf(refused);
    }

    /** The request id of one row: stable, so that the same file delivered twice is recognised row by row. */
    public static String rowRequestId(String fileId, int rowNumber) {
        return fileId + "#" + rowNumber;
    }
}
