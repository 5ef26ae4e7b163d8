package org.junction.mappings.notice;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junction.mappings.RenderContext;
import org.junction.mappings.csv.CsvCells;

/**
 * The rejection and feedback notices in the hub's JSON and CSV formats. One shape in every JSON format except
 * for the name under which the format already carries the hub's referral id, so a sender matches
 * it as it matches everything else it gets from the hub.
 */
public final class RejectionDocuments {

    /** Header of a CSV rejection file: a file of its own, never mistaken for a referral. */
    public static final List<String> CSV_COLUMNS = List.of("record_type", "hub_tracking_id", "hub_notice_id",
            "correlation_id", "generation", "reason_code", "decided_at", "hub_rendered_at");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RejectionDocuments() {
    }

    public static byte[] json(String formatId, String referenceField, RejectionNotice notice, RenderContext context) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("format", formatId);
        doc.put("messageType", RejectionNotice.MESSAGE_TYPE);
        doc.put(referenceField, notice.trackingId().toString());
        doc.put("noticeId", notice.noticeId().toString());
        if (notice.correlationId() != null) {
            doc.put("correlationId", notice.correlationId());
        }
        doc.put("generation", notice.generation());
        doc.put("reasonCode", notice.reasonCode());
        doc.put("decidedAt", DateTimeFormatter.ISO_INSTANT.format(notice.decidedAt()));
        doc.put("sentAt", DateTimeFormatter.ISO_INSTANT.format(context.renderedAt()));
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values could not be written", e);
        }
    }

    /**
     * RFC 4180 with CRLF: a header row and one {@code REJECTION} row. The correlation id is the
     * sender's own and may hold anything: it is quoted when needed and defused against formulas.
     */
    public static byte[] csv(RejectionNotice notice, RenderContext context) {
        StringBuilder csv = new StringBuilder(256);
        line(csv, CSV_COLUMNS);
        line(csv, java.util.Arrays.asList("REJECTION", notice.trackingId().toString(), notice.noticeId().toString(),
                notice.correlationId(), Integer.toString(notice.generation()), notice.reasonCode(),
                DateTimeFormatter.ISO_INSTANT.format(notice.decidedAt()),
                DateTimeFormatter.ISO_INSTANT.format(context.renderedAt())));
        return csv.toString().getBytes(UTF_8);
    }

    /** Header of a CSV feedback file. The recipient's words, when allowed, are cells of their own. */
    public static final List<String> FEEDBACK_CSV_COLUMNS = List.of("record_type", "hub_tracking_id", "hub_notice_id",
            "correlation_id", "status", "outcome_code", "decided_at", "reason", "next_steps", "hub_rendered_at");

    /** The feedback document of the hub's JSON formats; the recipient's words appear only when allowed. */
    public static byte[] feedbackJson(String formatId, String referenceField, FeedbackNotice notice,
                                      RenderContext context) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("format", formatId);
        doc.put("messageType", FeedbackNotice.MESSAGE_TYPE);
        doc.put(referenceField, notice.trackingId().toString());
        doc.put("noticeId", notice.noticeId().toString());
        if (notice.correlationId() != null) {
            doc.put("correlationId", notice.correlationId());
        }
        doc.put("status", notice.status());
        doc.put("outcomeCode", notice.outcomeCode());
        if (notice.decidedAt() != null) {
            doc.put("decidedAt", DateTimeFormatter.ISO_INSTANT.format(notice.decidedAt()));
        }
        if (notice.reason() != null) {
            doc.put("reason", notice.reason());
        }
        if (notice.nextSteps() != null) {
            doc.put("nextSteps", notice.nextSteps());
        }
        doc.put("sentAt", DateTimeFormatter.ISO_INSTANT.format(context.renderedAt()));
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values could not be written", e);
        }
    }

    public static byte[] feedbackCsv(FeedbackNotice notice, RenderContext context) {
        StringBuilder csv = new StringBuilder(256);
        line(csv, FEEDBACK_CSV_COLUMNS);
        line(csv, java.util.Arrays.asList("FEEDBACK", notice.trackingId().toString(), notice.noticeId().toString(),
                notice.correlationId(), notice.status(), notice.outcomeCode(),
                notice.decidedAt() == null ? null : DateTimeFormatter.ISO_INSTANT.format(notice.decidedAt()),
                notice.reason(), notice.nextSteps(), DateTimeFormatter.ISO_INSTANT.format(context.renderedAt())));
        return csv.toString().getBytes(UTF_8);
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(CsvCells.cell(cells.get(i)));
        }
        out.append("\r\n");
    }
}
