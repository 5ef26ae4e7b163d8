package org.junction.console.agreements;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junction.console.admin.PartnerAdministration.ProblemView;
import org.junction.security.identity.Person;

/**
 * What the agreements API needs from the hub: the configured agreements with their standing and
 * approvals, and recording an IG lead's approval. Implemented by the application.
 */
public interface AgreementAdministration {

    /** The agreements the caller may see (all for a hub admin, their organisation's for an IG lead). */
    AgreementList agreements(Person caller);

    /** Records the caller's organisation's approval of one version. */
    ApprovalOutcome approve(String agreementId, int version, Person caller);

    /**
     * @param problems the last refused reload's problems that concern agreements the caller may see
     */
    record AgreementList(List<AgreementView> agreements, List<ProblemView> problems) {
    }

    /**
     * @param standing      IN_FORCE, or why not (NOT_APPROVED, EXPIRED ...), today
     * @param reasonCode    the reason code a decision records while it is not in force; null when in force
     * @param approvals     the approvals recorded for this version
     * @param awaiting      the party organisations that have yet to approve this version
     */
    record AgreementView(String id, int version, String status, String title, String file, LocalDate effectiveFrom,
                         LocalDate reviewDate, LocalDate expires, String standing, String reasonCode,
                         List<ApprovalView> approvals, List<String> awaiting, List<FlowView> flows) {
    }

    /** @param approvedBy the IG lead's operator id */
    record ApprovalView(String organisation, String approvedBy, Instant approvedAt) {
    }

    /**
     * @param to             a partner id, or a recipient kind resolved by area
     * @param dataCategories what the recipient may receive, as category codes
     * @param lawfulBasis    the flow's legal basis codes (Art 6 first, then Art 9/10, Part 3, gateways, common law)
     * @param retention      how long each holder keeps it, as the agreement says
     */
    record FlowView(String id, String from, String to, List<String> purposes, String consentRule,
                    List<String> dataCategories, List<String> lawfulBasis, RetentionView retention) {
    }

    /** ISO-8601 periods as written in the agreement; null where the agreement states none. */
    record RetentionView(String recipient, String hubTransit, String auditLog, String disposal) {
    }

    /** What became of an approval request. */
    record ApprovalOutcome(Result result, AgreementView agreement) {
    }

    enum Result {
        /** Recorded now. */
        RECORDED,
        /** The organisation had approved this version before; nothing changed. */
        ALREADY_RECORDED,
        /** No such agreement id and version is configured. */
        NOT_FOUND,
        /** The caller is not an IG lead. */
        NOT_AN_IG_LEAD,
        /** The caller's organisation is not a party to this version. */
        NOT_A_PARTY,
        /** The version's file status is TERMINATED or EXPIRED: nothing is left to approve. */
        NOT_APPROVABLE
    }
}
