package org.junction.mappings.canonical;

import static org.junction.mappings.fhir.JunctionSystems.*;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junction.mappings.fhir.BundleReferences;

/**
 * Typed view over a canonical referral message Bundle, so that routing, governance and outbound
 * code ask questions of a referral instead of walking entries and references themselves.
 *
 * <p>{@link #of(Bundle)} checks the structure every accessor relies on, so accessors do not fail
 * later. The view never changes the Bundle; the HAPI resources it hands out are the Bundle's own,
 * and callers must treat them as read-only too.
 */
public final class Referral {

    private static final String ROUTINE = "routine";

    private final Bundle bundle;
    private final BundleReferences references;
    private final MessageHeader messageHeader;
    private final ServiceRequest serviceRequest;
    private final Patient patient;
    private final UUID trackingId;
    private final String senderPartnerId;
    private final String purpose;
    private final String referralType;
    private final String consentStatus;
    /** Read at the first call; a record of final fields, so a racing second read is harmless. */
    private ReferralModel model;

    private Referral(Bundle bundle) {
        this.bundle = bundle;
        this.references = BundleReferences.of(bundle);
        this.messageHeader = firstEntryAsMessageHeader(bundle);
        this.serviceRequest = messageHeader.getFocus().stream()
                .map(this::resolve)
                .filter(ServiceRequest.class::isInstance)
                .map(ServiceRequest.class::cast)
                .findFirst()
                .orElseThrow(() -> refused("MessageHeader.focus does not resolve to a ServiceRequest in the bundle"));
        if (!(resolve(serviceRequest.getSubject()) instanceof Patient subject)) {
            throw refused("ServiceRequest.subject does not resolve to a Patient in the bundle");
        }
        this.patient = subject;
        this.trackingId = trackingIdOf(bundle);
        this.senderPartnerId = senderPartnerIdOf(messageHeader);
        this.purpose = bundle.getMeta().getSecurity().stream()
                .filter(c -> V3_ACT_REASON.equals(c.getSystem()) && c.hasCode())
                .map(Coding::getCode)
                .findFirst()
                .orElseThrow(() -> refused("Bundle.meta.security has no purpose of use (v3-ActReason)"));
        this.referralType = code(serviceRequest.getCategory(), REFERRAL_TYPE)
                .orElseThrow(() -> refused("ServiceRequest.category has no referral type"));
        this.consentStatus = Optional.ofNullable(serviceRequest.getExtensionByUrl(CONSENT_STATUS_EXTENSION))
                .map(Extension::getValue)
                .filter(v -> v.isPrimitive() && !v.primitiveValue().isBlank())
                .map(v -> v.primitiveValue().strip())
                .orElseThrow(() -> refused("ServiceRequest has no consent-status extension"));
    }

    /**
     * @throws IllegalArgumentException naming the structural problem when the Bundle is not a
     *                                  canonical referral message
     */
    public static Referral of(Bundle bundle) {
        Objects.requireNonNull(bundle, "bundle");
        return new Referral(bundle);
    }

    public UUID trackingId() {
        return trackingId;
    }

    public Bundle bundle() {
        return bundle;
    }

    public MessageHeader messageHeader() {
        return messageHeader;
    }

    public ServiceRequest serviceRequest() {
        return serviceRequest;
    }

    public Patient patient() {
        return patient;
    }

    /** The partner the referral came from, as named in {@code MessageHeader.source.endpoint}. */
    public String senderPartnerId() {
        return senderPartnerId;
    }

    /** Purpose of use claimed for the share, a v3-ActReason code such as {@code PATSFTY}. */
    public String purpose() {
        return purpose;
    }

    /** Hub referral-type code, e.g. {@code PPN_DOMESTIC_ABUSE}. */
    public String referralType() {
        return referralType;
    }

    /** {@code REFERRAL} or {@code INFORMATION_ONLY}; a referral when the Bundle does not say. */
    public String referralKind() {
        return code(serviceRequest.getCategory(), REFERRAL_KIND).orElse("REFERRAL");
    }

    /** Hub concern codes in the sender's order. */
    public List<String> concerns() {
        return serviceRequest.getReasonCode().stream()
                .flatMap(concept -> concept.getCoding().stream())
                .filter(c -> CONCERN.equals(c.getSystem()) && c.hasCode())
                .map(Coding::getCode)
                .toList();
    }

    /** FHIR request priority code; {@code routine} when absent, which is what FHIR assumes. */
    public String priority() {
        return serviceRequest.hasPriority() ? serviceRequest.getPriority().toCode() : ROUTINE;
    }

    /** Grade of the risk assessment carried in {@code supportingInfo}, e.g. {@code HIGH}. */
    public Optional<String> riskGrade() {
        return supporting(Observation.class)
                .flatMap(o -> code(o.getInterpretation(), RISK_GRADE).stream())
                .findFirst();
    }

    /** What the sender said about the subject's consent, e.g. {@code GIVEN} or {@code NOT_ASKED}. */
    public String consentStatus() {
        return consentStatus;
    }

    /** The recorded consent decision; present only when the subject gave or refused consent. */
    public Optional<Consent> consent() {
        return supporting(Consent.class).findFirst();
    }

    public Optional<String> nhsNumber() {
        return patient.getIdentifier().stream()
                .filter(i -> NHS_NUMBER.equals(i.getSystem()) && i.hasValue())
                .map(Identifier::getValue)
                .findFirst();
    }

    /** Every identifier of the subject, NHS number and partner-local ones alike. */
    public List<SubjectIdentifier> subjectIdentifiers() {
        return patient.getIdentifier().stream()
                .filter(Identifier::hasValue)
                .map(i -> new SubjectIdentifier(i.getSystem(), i.getValue()))
                .toList();
    }

    /** The run of a bulk feed this referral is a row of, if it came in one (see {@code BULK_BATCH}). */
    public Optional<UUID> bulkBatch() {
        return bundle.getMeta().getTag().stream()
                .filter(c -> BULK_BATCH.equals(c.getSystem()) && c.hasCode())
                .map(Coding::getCode)
                .findFirst()
                .flatMap(code -> {
                    try {
                        return Optional.of(UUID.fromString(code));
                    } catch (IllegalArgumentException notAnId) {
                        return Optional.empty();
                    }
                });
    }

    /** The conversation id the referral arrived with, if the channel had one. */
    public Optional<String> correlationId() {
        return Optional.of(serviceRequest.getRequisition())
                .filter(r -> CORRELATION_ID.equals(r.getSystem()) && r.hasValue())
                .map(Identifier::getValue);
    }

    <T extends Resource> Stream<T> supporting(Class<T> type) {
        return serviceRequest.getSupportingInfo().stream()
                .map(this::resolve)
                .filter(type::isInstance)
                .map(type::cast);
    }

    Resource resolve(Reference reference) {
        return references.resolve(reference);
    }


    private static MessageHeader firstEntryAsMessageHeader(Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            throw refused("Bundle.type is not message");
        }
        if (!bundle.hasEntry() || !(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
            throw refused("the first entry is not a MessageHeader");
        }
        return header;
    }

    private static UUID trackingIdOf(Bundle bundle) {
        if (!TRACKING_ID.equals(bundle.getIdentifier().getSystem()) || !bundle.getIdentifier().hasValue()) {
            throw refused("Bundle.identifier is not a tracking id");
        }
        try {
            return UUID.fromString(bundle.getIdentifier().getValue());
        } catch (IllegalArgumentException e) {
            throw refused("Bundle.identifier (tracking id) is not a UUID");
        }
    }

    private static String senderPartnerIdOf(MessageHeader header) {
        String endpoint = header.getSource().getEndpoint();
        if (endpoint == null || !endpoint.startsWith(PARTNER_ENDPOINT_PREFIX)
                || endpoint.length() == PARTNER_ENDPOINT_PREFIX.length()) {
            throw refused("MessageHeader.source.endpoint does not name a partner (" + PARTNER_ENDPOINT_PREFIX + "<id>)");
        }
        return endpoint.substring(PARTNER_ENDPOINT_PREFIX.length());
    }

    private static Optional<String> code(List<CodeableConcept> concepts, String system) {
        return concepts.stream()
                .flatMap(concept -> concept.getCoding().stream())
                .filter(c -> system.equals(c.getSystem()) && c.hasCode())
                .map(Coding::getCode)
                .findFirst();
    }

    private static IllegalArgumentException refused(String problem) {
        return new IllegalArgumentException("not a canonical referral Bundle: " + problem);
    }

    @Override
    public String toString() {
        // Identifiers only: a referral's content is personal data and toString ends up in logs.
        return "Referral[trackingId=" + trackingId + ", sender=" + senderPartnerId + "]";
    }

    /**
     * The referral as plain values, for outbound renderers: the inverse of
     * {@link ReferralBundles#toBundle}, so {@code Referral.of(toBundle(model, ctx)).model()}
     * equals {@code model} (times to the millisecond). Read from the Bundle once: the Bundle does
     * not change under a view (see above), and the decide stage asks for the model per recipient.
     */
    public ReferralModel model() {
        ReferralModel read = model;
        if (read == null) {
            read = ReferralModels.read(this);
            model = read;
        }
        return read;
    }
}
