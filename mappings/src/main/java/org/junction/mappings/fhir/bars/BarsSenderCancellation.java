package org.junction.mappings.fhir.bars;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * A sender taking back a referral it sent through {@code $process-message}: a BaRS message whose
 * focus is the earlier ServiceRequest, named by the hub's tracking id, now
 * {@code entered-in-error}, or {@code revoked} under the cancellation MessageDefinition. Anything
 * else is a referral (a revoked ServiceRequest with withdrawn consent stays the referral reader's
 * business). Pure: reads the Bundle, never looks anything up.
 *
 * @param trackingId the hub's id of the referral being taken back
 * @param reasonCode the sender's code, from the hub's recall-reason extension; a default otherwise
 */
public record BarsSenderCancellation(UUID trackingId, String reasonCode) {

    /** The reason when an entered-in-error message gives no code of its own. */
    public static final String DEFAULT_ENTERED_IN_ERROR = "ENTERED_IN_ERROR";
    /** The reason when a revoking message gives no code of its own. */
    public static final String DEFAULT_REVOKED = "REVOKED_BY_SENDER";
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    /**
     * @return the cancellation the message carries; empty when it is not one
     * @throws MappingException it is a cancellation, but does not say which referral or why in a usable way
     */
    public static Optional<BarsSenderCancellation> read(Bundle bundle) {
        if (bundle == null || bundle.getType() != Bundle.BundleType.MESSAGE || bundle.getEntry().isEmpty()
                || !(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)
                || header.getFocus().isEmpty()) {
            return Optional.empty();
        }
        String focus = header.getFocusFirstRep().getReference();
        ServiceRequest request = bundle.getEntry().stream()
                .filter(e -> e.getResource() instanceof ServiceRequest && focus != null && focus.equals(e.getFullUrl()))
                .map(e -> (ServiceRequest) e.getResource()).findFirst().orElse(null);
        if (request == null || !request.hasStatus()) {
            return Optional.empty();
        }
        boolean enteredInError = request.getStatus() == ServiceRequest.ServiceRequestStatus.ENTEREDINERROR;
        boolean revoked = request.getStatus() == ServiceRequest.ServiceRequestStatus.REVOKED
                && Bars.DEFINITION_CANCELLATION.equals(header.getDefinition());
        if (!enteredInError && !revoked) {
            return Optional.empty();
        }
        List<Violation> problems = new ArrayList<>();
        UUID trackingId = null;
        List<Identifier> tracking = request.getIdentifier().stream()
                .filter(i -> JunctionSystems.TRACKING_ID.equals(i.getSystem())).toList();
        if (tracking.size() != 1) {
            problems.add(Violation.malformed("ServiceRequest.identifier",
                    "a cancellation names the referral by exactly one " + JunctionSystems.TRACKING_ID + " identifier"));
        } else {
            try {
                trackingId = UUID.fromString(tracking.get(0).getValue());
            } catch (IllegalArgumentException | NullPointerException e) {
                problems.add(Violation.malformed("ServiceRequest.identifier.value", "is not a hub tracking id"));
            }
        }
        String reason = enteredInError ? DEFAULT_ENTERED_IN_ERROR : DEFAULT_REVOKED;
        var extension = request.getExtensionByUrl(BarsBundleRenderer.RECALL_REASON_EXTENSION);
        if (extension != null) {
            if (extension.getValue() instanceof Coding coding && coding.getCode() != null
                    && CODE.matcher(coding.getCode()).matches()) {
                reason = coding.getCode();
            } else {
                problems.add(Violation.rule("ServiceRequest.extension", "the reason must be a Coding whose code is"
                        + " 1 to 64 upper-case letters, digits or _"));
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingException(Bars.MAPPER_ID, problems);
        }
        return Optional.of(new BarsSenderCancellation(trackingId, reason));
    }
}
