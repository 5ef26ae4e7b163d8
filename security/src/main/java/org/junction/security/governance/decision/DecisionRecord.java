package org.junction.security.governance.decision;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junction.security.governance.agreement.LawfulBasis;
import org.junction.security.governance.agreement.Retention;
import org.junction.security.governance.data.DataCategory;
import org.junction.security.governance.data.DataItem;

/**
 * The fields of a decision to share or not (domain.md 2.4) that the hub itself knows, whatever the
 * verdict. It holds no payload and no subject's personal data: people appear only as the
 * practitioners who referred or decided. Null where the hub does not know (no flow, no override).
 *
 * @param decisionId               the recorded override's id, or null
 * @param disclosingPartner        the sending partner; its organisation is {@code disclosingOrganisation}
 * @param requesterRole            the referring practitioner's role (never their name)
 * @param controllerRelationship   the disclosing and receiving parties' roles, e.g. {@code CONTROLLER/JOINT_CONTROLLER}
 * @param senderRegime             UKGDPR, or PART3 when the sender is a competent authority
 * @param consentNotGivenReason    the override's reason (UNABLE, NOT_SOUGHT_RISK, REFUSED_BUT_OVERRIDDEN), or null
 * @param riskTool                 the risk tool and grade: the override's evidence, else the referral's assessment
 * @param whyNecessary             the override's justification, or null
 * @param decisionMakerName        the named decision-maker of an override, or null
 * @param subjectInformed          YES, NO or DEFERRED from the override, or null
 */
public record DecisionRecord(UUID decisionId, UUID referralId, String correlationId, Instant receivedAt,
                             Instant decidedAt, String disclosingPartner, String disclosingOrganisation,
                             String receivingPartner, String receivingOrganisation, String requesterRole,
                             String requesterOrganisation, String agreementId, Integer agreementVersion, String flowId,
                             String controllerRelationship, String senderRegime, String purpose, String referralType,
                             LawfulBasis lawfulBasis, List<String> overrideBasisCodes, Retention retention,
                             String classification, Set<DataItem> disclosedItems,
                             Set<DataCategory> disclosedCategories, Set<DataItem> withheldItems,
                             Set<DataCategory> withheldCategories, String consentStatus, UUID consentId,
                             String consentNotGivenReason, String riskTool, String riskGrade, String riskAssessor,
                             Verdict verdict, String reasonCode, BasisKind basisKind, String whyNecessary,
                             String decisionMakerName, String decisionMakerTitle, String decisionMakerOrganisation,
                             String decisionMakerUserId, Instant decisionMadeAt, String subjectInformed,
                             String notInformedReason) {

    public DecisionRecord {
        overrideBasisCodes = overrideBasisCodes == null ? List.of() : List.copyOf(overrideBasisCodes);
        disclosedItems = Set.copyOf(disclosedItems);
        disclosedCategories = Set.copyOf(disclosedCategories);
        withheldItems = Set.copyOf(withheldItems);
        withheldCategories = Set.copyOf(withheldCategories);
    }
}
