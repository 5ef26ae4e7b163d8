package org.junction.adapters.files;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The acknowledgement a file recipient drops in its inbound directory for cancellation notices it
 * has acted on: a CSV (UTF-8, CRLF or LF) whose header is exactly {@value #HEADER} and whose rows
 * are {@code RECALL_ACK,<hub_recall_id>}, the recall id of the cancellation file (or the recalled
 * referral's tracking id). It is told apart from a referral file by that header alone.
 */
final class RecallAckFile {

    static final String HEADER = "record_type,hub_recall_id";
    static final String RECORD_TYPE = "RECALL_ACK";

    private RecallAckFile() {
    }

    static boolean is(byte[] body) {
        int start = body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF
                ? 3 : 0;
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        if (body.length - start < header.length + 1) {
            return false;
        }
        for (int i = 0; i < header.length; i++) {
            if (body[start + i] != header[i]) {
                return false;
            }
        }
        byte next = body[start + header.length];
        return next == '\r' || next == '\n';
    }

    /** One row: its 1-based number in the file, and the id it names (null when it names none readably). */
    record Row(int number, UUID id) {
    }

    static List<Row> rows(byte[] body) {
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            UUID id = null;
            if (cells.length == 2 && RECORD_TYPE.equals(cells[0].strip())) {
                try {
                    id = UUID.fromString(cells[1].strip());
                } catch (IllegalArgumentException notAnId) {
                    id = null;
                }
            }
            rows.add(new Row(i + 1, id));
        }
        return rows;
    }
}
