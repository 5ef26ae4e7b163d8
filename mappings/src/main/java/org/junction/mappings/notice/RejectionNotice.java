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
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junction.mappings.cancel.Cancellation;
import org.junction.mappings.fhir.ParameterValues;

/**
 * What a sender is told when the hub refused its referral for a recipient (or for everyone): the
 * hub's tracking id, the sender's own correlation id and a reason code. Deliberately nothing else:
 * not which recipient was refused (an agreement may not let the sender learn who else was asked),
 * and nothing about the person.
 *
 * <p>Travels the dispatch path to the sender's own sink as a small tagged FHIR Bundle, like a
 * {@link Cancellation}, so the sinks can tell it from a referral with {@link #from(Bundle)}.
 *
 * @param noticeId        the hub's id of this notice; the dispatch carries it as its tracking id
 * @param trackingId      the refused referral
 * @param senderPartnerId who sent it, and who is told
 * @param correlationId   the sender's own id of the referral, when it gave one
 * @param generation      which decision of the referral was refused
 * @param reasonCode      a code, never words (for example {@code NO_ISA})
 * @param decidedAt       when the refusal was decided
 */
public record RejectionNotice(UUID noticeId, UUID trackingId, String senderPartnerId, String correlationId,
                              int generation, String reasonCode, Instant decidedAt) {

    /** {@code meta.tag} code of a Bundle that carries a rejection notice. */
    public static final String TAG = "rejection";
    /** {@code messageType} of the JSON notice. */
    public static final String MESSAGE_TYPE = "REJECTION";

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public RejectionNotice {
        Objects.requireNonNull(noticeId, "noticeId");
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(senderPartnerId, "senderPartnerId");
        Objects.requireNonNull(decidedAt, "decidedAt");
        if (reasonCode == null || !CODE.matcher(reasonCode).matches()) {
            throw new IllegalArgumentException("reason code must be an upper-case code");
        }
        if (generation < 1) {
            throw new IllegalArgumentException("generation starts at 1");
        }
    }

    public Bundle toBundle() {
        Parameters parameters = new Parameters();
        parameters.setId(noticeId.toString());
        add(parameters, "noticeId", new StringType(noticeId.toString()));
        add(parameters, "trackingId", new StringType(trackingId.toString()));
        add(parameters, "senderPartnerId", new StringType(senderPartnerId));
        if (correlationId != null) {
            add(parameters, "correlationId", new StringType(correlationId));
        }
        add(parameters, "generation", new IntegerType(generation));
        add(parameters, "reasonCode", new StringType(reasonCode));
        add(parameters, "decidedAt", new InstantType(java.util.Date.from(decidedAt)));
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.getMeta().addTag(new Coding(Cancellation.TAG_SYSTEM, TAG, null));
        bundle.addEntry().setFullUrl("urn:uuid:" + noticeId).setResource(parameters);
        return bundle;
    }

    /** The notice a Bundle carries; empty for anything else. */
    public static Optional<RejectionNotice> from(Bundle bundle) {
        if (bundle == null || bundle.getMeta().getTag(Cancellation.TAG_SYSTEM, TAG) == null) {
            return Optional.empty();
        }
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        if (entries.size() != 1 || !(entries.get(0).getResource() instanceof Parameters p)) {
            throw new IllegalArgumentException("a rejection Bundle holds exactly one Parameters resource");
        }
        if (!(value(p, "decidedAt") instanceof InstantType at) || !(value(p, "generation") instanceof IntegerType g)) {
            throw new IllegalArgumentException("a rejection Bundle without decidedAt or generation");
        }
        return Optional.of(new RejectionNotice(UUID.fromString(required(p, "noticeId")),
                UUID.fromString(required(p, "trackingId")), required(p, "senderPartnerId"), text(p, "correlationId"),
                g.getValue(), required(p, "reasonCode"), at.getValue().toInstant()));
    }

    private static String required(Parameters parameters, String name) {
        return ParameterValues.required(parameters, name, "a rejection Bundle");
    }
}
