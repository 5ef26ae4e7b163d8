package org.junction.mappings.cancel;

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
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.fhir.ParameterValues;

/**
 * A recall of a referral a recipient already holds: what every outbound format renders as its
 * cancellation notice. Ids and codes only: the recipient finds the referral it holds by the hub's
 * tracking id, and learns nothing about the person it did not already have.
 *
 * <p>Inside the hub a cancellation travels the normal dispatch path as a small FHIR Bundle (a
 * collection holding one Parameters resource, tagged {@value #TAG}), so the sinks, which take a
 * Bundle, can tell it from a referral with {@link #from(Bundle)}.
 *
 * @param recallId       the hub's id of this recall; the dispatch carries it as its tracking id
 * @param trackingId     the referral being recalled
 * @param senderPartnerId who sent the referral
 * @param correlationId  the referral's conversation id, when it had one
 * @param cause          why it is recalled
 * @param reasonCode     a code, never words (for example {@code CONSENT_WITHDRAWN})
 * @param requestedAt    when the recall was requested
 * @param replacedBy     for a correction, the tracking id of the corrected referral; else null
 */
public record Cancellation(UUID recallId, UUID trackingId, String senderPartnerId, String correlationId, Cause cause,
                           String reasonCode, Instant requestedAt, UUID replacedBy) {

    /** Why a referral is recalled. */
    public enum Cause { WITHDRAWAL, ENTERED_IN_ERROR, CORRECTION }

    /** {@code meta.tag} code of a Bundle that carries a cancellation rather than a referral. */
    public static final String TAG = "recall";
    public static final String TAG_SYSTEM = JunctionSystems.BASE + "/CodeSystem/hub-message-kind";

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public Cancellation {
        Objects.requireNonNull(recallId, "recallId");
        Objects.requireNonNull(trackingId, "trackingId");
        Objects.requireNonNull(senderPartnerId, "senderPartnerId");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(requestedAt, "requestedAt");
        // A reason goes to every past recipient: a code from a closed shape, so no words can slip in.
        if (reasonCode == null || !CODE.matcher(reasonCode).matches()) {
            throw new IllegalArgumentException("reason code must be an upper-case code");
        }
        if ((cause == Cause.CORRECTION) != (replacedBy != null)) {
            throw new IllegalArgumentException("a correction, and only a correction, names its replacement");
        }
    }

    /** The Bundle that carries this cancellation through the hub's dispatch queues. */
    public Bundle toBundle() {
        Parameters parameters = new Parameters();
        parameters.setId(recallId.toString());
        add(parameters, "recallId", new StringType(recallId.toString()));
        add(parameters, "trackingId", new StringType(trackingId.toString()));
        add(parameters, "senderPartnerId", new StringType(senderPartnerId));
        if (correlationId != null) {
            add(parameters, "correlationId", new StringType(correlationId));
        }
        add(parameters, "cause", new StringType(cause.name()));
        add(parameters, "reasonCode", new StringType(reasonCode));
        add(parameters, "requestedAt", new InstantType(java.util.Date.from(requestedAt)));
        if (replacedBy != null) {
            add(parameters, "replacedBy", new StringType(replacedBy.toString()));
        }
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.getMeta().addTag(new Coding(TAG_SYSTEM, TAG, null));
        bundle.addEntry().setFullUrl("urn:uuid:" + recallId).setResource(parameters);
        return bundle;
    }

    /** The cancellation a Bundle carries; empty for anything else (a referral). */
    public static Optional<Cancellation> from(Bundle bundle) {
        if (bundle == null || bundle.getMeta().getTag(TAG_SYSTEM, TAG) == null) {
            return Optional.empty();
        }
        List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
        if (entries.size() != 1 || !(entries.get(0).getResource() instanceof Parameters p)) {
            throw new IllegalArgumentException("a recall Bundle holds exactly one Parameters resource");
        }
        String replacedBy = text(p, "replacedBy");
        Type at = value(p, "requestedAt");
        if (!(at instanceof InstantType instant)) {
            throw new IllegalArgumentException("a recall Bundle without requestedAt");
        }
        return Optional.of(new Cancellation(UUID.fromString(required(p, "recallId")),
                UUID.fromString(required(p, "trackingId")), required(p, "senderPartnerId"), text(p, "correlationId"),
                Cause.valueOf(required(p, "cause")), required(p, "reasonCode"), instant.getValue().toInstant(),
                replacedBy == null ? null : UUID.fromString(replacedBy)));
    }

    private static String required(Parameters parameters, String name) {
        return ParameterValues.required(parameters, name, "a recall Bundle");
    }
}
