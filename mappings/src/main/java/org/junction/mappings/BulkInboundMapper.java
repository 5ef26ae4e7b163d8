package org.junction.mappings;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * Maps a bulk file (one referral per row) to canonical Bundles. A bad row is reported with its row
 * number and does not stop the good rows; only a file that cannot be read at all (wrong header,
 * not text) fails as a whole.
 */
public interface BulkInboundMapper {

    String id();

    /**
     * @param rowContext the context of each row: its tracking id must be distinct per row, so the
     *                   caller derives it (for example from the file's id and the row number)
     * @throws MappingException when the file as a whole cannot be read
     */
    List<RowResult> mapRows(byte[] input, RowContexts rowContext) throws MappingException;

    /** Supplies the mapping context of data row {@code rowNumber} (1-based, header excluded). */
    @FunctionalInterface
    interface RowContexts {
        MappingContext forRow(int rowNumber);
    }

    /** One data row: its Bundle, or the violations that kept it from mapping. */
    record RowResult(int rowNumber, Bundle bundle, List<Violation> violations) {
        public RowResult {
            violations = List.copyOf(violations);
            if ((bundle == null) == violations.isEmpty()) {
                throw new IllegalArgumentException("a row result has either a bundle or violations");
            }
        }

        public boolean mapped() {
            return bundle != null;
        }
    }
}
