package org.junction.mappings.notice;

import static org.junction.mappings.fhir.ParameterValues.add;
import static org.junction.mappings.fhir.ParameterValues.text;
import static org.junction.mappings.fhir.ParameterValues.value;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junction.mappings.cancel.Cancellation;
import org.junction.mappings.fhir.ParameterValues;

/**
 * A recipient's feedback on a referral, forwarded to the referral's sender along the agreement's
 * reverse flow: the status (a Task status word) and the hub's outcome code always; the recipient's
 * own words ({@code reason}, {@code nextSteps}) only when the reverse flow allows free text, else
 * null. Travels the dispatch path to the sender's sink as a tagged Bundle, like a
 * {@link RejectionNotice}.
 *
 * @param noticeId      the hub's id of this forwarding; the dispatch carries it as its tracking id
 * @param trackingId    the referral the feedback is about
 * @param correlationId the sender's own id of the referral, when it gave one
 * @param status        the Task status the recipient reported ({@code accepted}, {@code rejected}, ...)
 * @param outcomeCode   the hub's outcome code
 * @param decidedAt     when the recipient decided, if it said
 * @param reason        the recipient's reason in its own words; null unless free text is allowed
 * @param nextSteps     what happens next, in the recipient's words; null unless free text is allowed
 */
public record FeedbackNotice(UUID noticeId, UUID trackingId, String senderPartnerId, String correlationId,
                             String status, String outcomeCode, Instant decidedAt, String reason, String nextSteps) {

    public static final String TAG = "feedback";
    public static final String MESSAGE_TYPE = "FEEDBACK";

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern STATUS = Pattern.compile("[a-z][a-z-]{0,31}");

    public FeedbackNotice {
        Objects.requireNonNull(noticeId, "noticeId");
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(senderPartnerId, "senderPartnerId");
        if (status == null || !STATUS.matcher(status).matches()) {
            throw new IllegalArgumentException("status must be a Task status word");
        }
        if (outcomeCode == null || !CODE.matcher(outcomeCode).matches()) {
            throw new IllegalArgumentException("outcome code must be an upper-case code");
        }
    }

    /** The same feedback without the recipient's words: what a STATUS_ONLY reverse flow lets through. */
    public FeedbackNotice statusOnly() {
        return new FeedbackNotice(noticeId, trackingId, senderPartnerId, correlationId, status, outcomeCode, decidedAt,
                null, null);
    }

    public Bundle toBundle() {
        Parameters p = new Parameters();
        p.setId(noticeId.toString());
        add(p, "noticeId", new StringType(noticeId.toString()));
        add(p, "trackingId", new StringType(trackingId.toString()));
        add(p, "senderPartnerId", new StringType(senderPartnerId));
        if (correlationId != null) {
            add(p, "correlationId", new StringType(correlationId));
        }
        add(p, "status", new StringType(status));
        add(p, "outcomeCode", new StringType(outcomeCode));
        if (decidedAt != null) {
            add(p, "decidedAt", new InstantType(java.util.Date.from(decidedAt)));
        }
        if (reason != null) {
            add(p, "reason", new StringType(reason));
        }
        if (nextSteps != null) {
            add(p, "nextSteps", new StringType(nextSteps));
        }
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.getMeta().addTag(new Coding(Cancellation.TAG_SYSTEM, TAG, null));
        bundle.addEntry().setFullUrl("urn:uuid:" + noticeId).setResource(p);
        return bundle;
    }

    public static Optional<FeedbackNotice> from(Bundle bundle) {
        if (bundle == null || bundle.getMeta().getTag(Cancellation.TAG_SYSTEM, TAG) == null) {
            return Optional.empty();
        }
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        if (entries.size() != 1 || !(entries.get(0).getResource() instanceof Parameters p)) {
            throw new IllegalArgumentException("a feedback Bundle holds exactly one Parameters resource");
        }
        Type at = value(p, "decidedAt");
        return Optional.of(new FeedbackNotice(UUID.fromString(required(p, "noticeId")),
                UUID.fromString(required(p, "trackingId")), required(p, "senderPartnerId"), text(p, "correlationId"),
                required(p, "status"), required(p, "outcomeCode"),
                at instanceof InstantType instant ? instant.getValue().toInstant() : null, text(p, "reason"),
                text(p, "nextSteps")));
    }

    private static String required(Parameters parameters, String name) {
        return ParameterValues.required(parameters, name, "a feedback Bundle");
    }
}
