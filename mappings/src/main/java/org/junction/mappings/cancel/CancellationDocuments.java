package org.junction.mappings.cancel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.junction.mappings.RenderContext;

/**
 * The cancellation notice of the hub's JSON formats: one small document, the same shape in every
 * format except for the name under which the format already carries the hub's referral id, so a
 * recipient matches it exactly as it matches that format's referrals.
 */
public final class CancellationDocuments {

    /** {@code messageType} of a cancellation; a referral document has none or another. */
    public static final String MESSAGE_TYPE = "CANCELLATION";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CancellationDocuments() {
    }

    /**
     * @param formatId       the format the recipient takes, written as {@code format}
     * @param referenceField the field under which the format names the hub's referral id
     */
    public static byte[] json(String formatId, String referenceField, Cancellation cancellation,
                              RenderContext context) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("format", formatId);
        doc.put("messageType", MESSAGE_TYPE);
        doc.put(referenceField, cancellation.trackingId().toString());
        doc.put("recallId", cancellation.recallId().toString());
        doc.put("senderPartnerId", cancellation.senderPartnerId());
        doc.put("cause", cancellation.cause().name());
        doc.put("reasonCode", cancellation.reasonCode());
        if (cancellation.replacedBy() != null) {
            // The corrected version follows as a referral of its own, under this id.
            doc.put("replacedBy", cancellation.replacedBy().toString());
        }
        doc.put("requestedAt", iso(cancellation.requestedAt()));
        doc.put("sentAt", iso(context.renderedAt()));
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values could not be written", e);
        }
    }

    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
