package org.junction.security.audit.export;

import java.math.BigDecimal;
import java.util.Date;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.SealedEventContent;

/**
 * A sealed ledger event as a FHIR R4 AuditEvent, shaped after IHE Basic Audit Log Patterns (BALP).
 * Pure: the same link always gives the same resource.
 *
 * <ul>
 *   <li>DELIVERED, a disclosure at its source: DICOM 110106 Export, the sender organisation as
 *       source role (110153), the recipient organisation as destination role (110152) and
 *       information recipient, the purpose of use on the recipient.</li>
 *   <li>DECIDED, an authorization decision (BALP AuthZconsent when it rested on consent): DICOM
 *       110113 Security Alert with subtype AuthZ-Consent, or the hub's AuthZ-Agreement for a decision
 *       under an agreement's other lawful bases; outcome 0 permit, 4 held, 8 deny.</li>
 *   <li>CONSENT_RECORDED and CONSENT_WITHDRAWN, BALP's basic create pattern: rest / create of a
 *       Consent (a withdrawal is a new Consent too).</li>
 *   <li>Anything else: the hub's own ledger event type code.</li>
 * </ul>
 *
 * <p>The subject is a pseudonym under the hub's own identifier system, never an NHS number or a
 * name; organisations are partner ids. Each resource carries its chain position and link hash
 * (extension {@value #LEDGER_LINK}), so a receiver can check it against the chain.
 */
public final class LedgerAuditEvents {

    public static final String LEDGER_LINK = JunctionSystems.BASE + "/StructureDefinition/ledger-link";
    public static final String LEDGER_EVENT_TYPE = JunctionSystems.BASE + "/CodeSystem/ledger-event-type";
    public static final String SUBJECT_PSEUDONYM = JunctionSystems.BASE + "/Id/subject-pseudonym";
    public static final String ACTOR = JunctionSystems.BASE + "/Id/actor";
    public static final String CONSENT_ID = JunctionSystems.BASE + "/Id/consent-id";
    public static final String AGREEMENT_FLOW = JunctionSystems.BASE + "/Id/agreement-flow";
    public static final String AUTHZ_SUBTYPE_HUB = JunctionSystems.BASE + "/CodeSystem/authz-subtype";
    static final String BALP_AUTHZ_CONSENT = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.AuthZconsent";

    private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    private static final String BALP_AUTHZ_SUBTYPE = "https://profiles.ihe.net/ITI/BALP/CodeSystem/AuthZsubType";
    private static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
    private static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
    private static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private static final Set<String> FAILURES = Set.of("INTAKE_FAILED", "DELIVERY_FAILED", "CONFIG_REFUSED",
            "LOGIN_FAILED");

    private LedgerAuditEvents() {
    }

    public static AuditEvent toAuditEvent(ExportedLink link) {
        SealedEventContent e = link.event();
        var audit = new AuditEvent();
        audit.setId(e.eventId().toString());
        // Always UTC, so the text does not depend on the server's time zone.
        audit.setRecordedElement(new InstantType(Date.from(e.occurredAt()), TemporalPrecisionEnum.MILLI,
                TimeZone.getTimeZone("UTC")));
        audit.addExtension(linkExtension(link));
        audit.getSource().setSite("junction-hub")
                .setObserver(new Reference().setDisplay("Junction hub"))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
        Coding eventType = new Coding(LEDGER_EVENT_TYPE, e.eventType(), null);
        switch (e.eventType()) {
            case "DELIVERED" -> disclosure(audit, e, eventType);
            case "DECIDED" -> decision(audit, e, eventType);
            case "CONSENT_RECORDED", "CONSENT_WITHDRAWN" -> {
                audit.setType(new Coding(AUDIT_EVENT_TYPE, "rest", "RESTful Operation"));
                audit.addSubtype(new Coding(RESTFUL_INTERACTION, "create", "create"));
                audit.addSubtype(eventType);
                audit.setAction(AuditEventAction.C).setOutcome(AuditEventOutcome._0);
                actor(audit, e);
            }
            default -> {
                audit.setType(eventType);
                audit.setAction(AuditEventAction.E);
                audit.setOutcome(FAILURES.contains(e.eventType()) ? AuditEventOutcome._4 : AuditEventOutcome._0);
                actor(audit, e);
                if (e.senderPartnerId() != null) {
                    organisation(audit, e.senderPartnerId(), new Coding(DCM, "110153", "Source Role ID"), false);
                }
                if (e.recipientPartnerId() != null) {
                    organisation(audit, e.recipientPartnerId(), new Coding(DCM, "110152", "Destination Role ID"), false);
                }
            }
        }
        if (e.outcome() != null || e.reasonCode() != null) {
            audit.setOutcomeDesc(e.reasonCode() == null ? e.outcome()
                    : e.outcome() == null ? e.reasonCode() : e.outcome() + " " + e.reasonCode());
        }
        entities(audit, e);
        return audit;
    }

    private static void disclosure(AuditEvent audit, SealedEventContent e, Coding eventType) {
        audit.setType(new Coding(DCM, "110106", "Export"));
        audit.addSubtype(eventType);
        audit.setAction(AuditEventAction.R).setOutcome(AuditEventOutcome._0);
        if (e.senderPartnerId() != null) {
            organisation(audit, e.senderPartnerId(), new Coding(DCM, "110153", "Source Role ID"), false);
        }
        hub(audit);
        if (e.recipientPartnerId() != null) {
            AuditEventAgentComponent recipient = organisation(audit, e.recipientPartnerId(),
                    new Coding(DCM, "110152", "Destination Role ID"), false);
            recipient.addRole(new CodeableConcept(new Coding(PARTICIPATION, "IRCP", "information recipient")));
            purpose(recipient, e.purpose());
        }
    }

    private static void decision(AuditEvent audit, SealedEventContent e, Coding eventType) {
        LedgerDetails d = e.details();
        boolean consent = d.consentId() != null || "CONSENT".equalsIgnoreCase(d.basisKind());
        if (consent) {
            audit.getMeta().addProfile(BALP_AUTHZ_CONSENT);
        }
        audit.setType(new Coding(DCM, "110113", "Security Alert"));
        audit.addSubtype(consent
                ? new Coding(BALP_AUTHZ_SUBTYPE, "AuthZ-Consent", "Authorization Decision using Roles and Consent")
                : new Coding(AUTHZ_SUBTYPE_HUB, "AuthZ-Agreement", "Authorization Decision under an agreement"));
        audit.addSubtype(eventType);
        audit.setAction(AuditEventAction.E);
        audit.setOutcome(switch (e.outcome() == null ? "" : e.outcome()) {
            case "PERMIT" -> AuditEventOutcome._0;
            case "HOLD" -> AuditEventOutcome._4;
            default -> AuditEventOutcome._8;
        });
        hub(audit).setName("authorization decision");
        if (e.senderPartnerId() != null) {
            organisation(audit, e.senderPartnerId(), new Coding(PARTICIPATION, "AUT", "author (originator)"), true);
        }
        if (e.recipientPartnerId() != null) {
            purpose(organisation(audit, e.recipientPartnerId(),
                    new Coding(PARTICIPATION, "IRCP", "information recipient"), false), e.purpose());
        }
        if (d.decisionMaker() != null) {
            audit.addAgent().setType(new CodeableConcept(new Coding(PARTICIPATION, "AUTHEN", "authenticator")))
                    .setWho(new Reference().setIdentifier(new Identifier().setSystem(ACTOR).setValue(d.decisionMaker())))
                    .setRequestor(false);
        }
    }

    private static AuditEventAgentComponent hub(AuditEvent audit) {
        return audit.addAgent().setType(new CodeableConcept(new Coding(DCM, "110150", "Application")))
                .setWho(new Reference().setDisplay("Junction hub")).setRequestor(false);
    }

    private static void actor(AuditEvent audit, SealedEventContent e) {
        boolean person = !e.actor().startsWith("system:");
        audit.addAgent()
                .setType(new CodeableConcept(person ? new Coding(PARTICIPATION, "AUT", "author (originator)")
                        : new Coding(DCM, "110150", "Application")))
                .setWho(new Reference().setIdentifier(new Identifier().setSystem(ACTOR).setValue(e.actor())))
                .setRequestor(person);
    }

    private static AuditEventAgentComponent organisation(AuditEvent audit, String partnerId, Coding role,
                                                         boolean requestor) {
        return audit.addAgent().setType(new CodeableConcept(role))
                .setWho(new Reference().setType("Organization")
                        .setIdentifier(new Identifier().setSystem(JunctionSystems.PARTNER_ID).setValue(partnerId)))
                .setRequestor(requestor);
    }

    private static void purpose(AuditEventAgentComponent agent, String purpose) {
        if (purpose != null) {
            agent.addPurposeOfUse(new CodeableConcept(new Coding(JunctionSystems.V3_ACT_REASON,
                    purpose.toUpperCase(Locale.ROOT), null)));
        }
    }

    private static void entities(AuditEvent audit, SealedEventContent e) {
        for (String pseudonym : e.subjectPseudonyms()) {
            audit.addEntity()
                    .setWhat(new Reference().setType("Patient")
                            .setIdentifier(new Identifier().setSystem(SUBJECT_PSEUDONYM).setValue(pseudonym)))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        if (e.trackingId() != null) {
            AuditEventEntityComponent referral = audit.addEntity()
                    .setWhat(new Reference().setType("ServiceRequest").setIdentifier(
                            new Identifier().setSystem(JunctionSystems.TRACKING_ID).setValue(e.trackingId().toString())))
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
            if (e.generation() > 1) {
                referral.addDetail().setType("generation").setValue(new StringType(Integer.toString(e.generation())));
            }
        }
        LedgerDetails d = e.details();
        if (d.consentId() != null) {
            audit.addEntity()
                    .setWhat(new Reference().setType("Consent")
                            .setIdentifier(new Identifier().setSystem(CONSENT_ID).setValue(d.consentId().toString())))
                    .setType(new Coding(RESOURCE_TYPES, "Consent", "Consent"));
        }
        if (d.agreementId() != null) {
            String value = d.agreementId() + (d.agreementVersion() == null ? "" : "|" + d.agreementVersion())
                    + (d.flowId() == null ? "" : "|" + d.flowId());
            AuditEventEntityComponent agreement = audit.addEntity()
                    .setWhat(new Reference().setIdentifier(new Identifier().setSystem(AGREEMENT_FLOW).setValue(value)))
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"));
            if (d.basisKind() != null) {
                agreement.addDetail().setType("basis").setValue(new StringType(d.basisKind()
                        + (d.basisCodes().isEmpty() ? "" : " " + String.join(";", d.basisCodes()))));
            }
            if (!d.dataCategories().isEmpty()) {
                agreement.addDetail().setType("data-categories")
                        .setValue(new StringType(String.join(";", d.dataCategories())));
            }
        }
    }

    private static Extension linkExtension(ExportedLink link) {
        var ext = new Extension(LEDGER_LINK);
        ext.addExtension(new Extension("seq", new DecimalType(BigDecimal.valueOf(link.seq()))));
        ext.addExtension(new Extension("hash", new StringType(link.hash())));
        return ext;
    }
}
