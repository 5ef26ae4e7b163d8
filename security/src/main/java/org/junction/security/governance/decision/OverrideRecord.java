package org.junction.security.governance.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A recorded decision to share without consent (domain.md 2.4, Sch 1 para 18(2) / Sch 8 para 4(2)).
 * It may be incomplete as received; {@link #missing()} says what is, and an incomplete record never
 * permits anything.
 *
 * @param basisCodes     the legal basis codes the decision-maker relies on (Art 6, Art 9 / Sch 8, gateway, common law)
 * @param justification  why sharing is necessary and proportionate, in the decision-maker's words
 * @param notInformedReason why the subject was not (yet) told; required unless {@code subjectInformed} is YES
 */
public record OverrideRecord(UUID decisionId, Reason reason, List<String> basisCodes, RiskEvidence riskEvidence,
                             String justification, DecisionMaker decisionMaker, Instant decidedAt,
                             SubjectInformed subjectInformed, String notInformedReason) {

    /** Why consent is not the basis. */
    public enum Reason {
        /** The subject cannot consent (capacity, age, unconscious). */
        UNABLE,
        /** Asking would increase the risk or prejudice the protection. */
        NOT_SOUGHT_RISK,
        /** The subject refused and the refusal is overridden. */
        REFUSED_BUT_OVERRIDDEN
    }

    public enum SubjectInformed { YES, NO, DEFERRED }

    /**
     * @param grade                  STANDARD, MEDIUM, HIGH or NOT_ASSESSED
     * @param childProtectionConcern the risk is to a child
     * @param adultAtRiskTestMet     the Sch 1 para 18(3) test for an adult at risk is met
     */
    public record RiskEvidence(String tool, String grade, String assessor, boolean childProtectionConcern,
                               boolean adultAtRiskTestMet) {

        boolean sufficient() {
            return "HIGH".equals(grade) || "MEDIUM".equals(grade) || childProtectionConcern || adultAtRiskTestMet;
        }
    }

    /** Who decided: a named person holding a role title in an organisation, and their login. */
    public record DecisionMaker(String name, String title, String organisation, String userId) {
    }

    /** Shorter than this cannot say why sharing is necessary. */
    public static final int MINIMUM_JUSTIFICATION = 20;

    public OverrideRecord {
        Objects.requireNonNull(decisionId, "decisionId");
        basisCodes = basisCodes == null ? List.of() : List.copyOf(basisCodes);
    }

    /** Whether a decision-maker is named at all. */
    public boolean hasDecisionMaker() {
        return decisionMaker != null && present(decisionMaker.name()) && present(decisionMaker.title())
                && present(decisionMaker.organisation());
    }

    /**
     * The fields that are missing or insufficient, by name; empty when the record is complete.
     *
     * @param specialCategory the disclosure holds special category data, so an Art 9 or Sch 8 code is needed too
     * @param at              the moment of the sharing decision: the record cannot be dated after it
     */
    public List<String> missing(boolean specialCategory, Instant at) {
        List<String> missing = new ArrayList<>();
        if (reason == null) {
            missing.add("reason");
        }
        if (basisCodes.stream().noneMatch(c -> c.startsWith("6(1)("))) {
            missing.add("basisCodes.art6");
        }
        if (specialCategory && basisCodes.stream().noneMatch(c -> c.startsWith("9(2)(") || c.contains("Sch8"))) {
            missing.add("basisCodes.art9");
        }
        if (riskEvidence == null || !riskEvidence.sufficient()) {
            missing.add("riskEvidence");
        }
        if (justification == null || justification.strip().length() < MINIMUM_JUSTIFICATION) {
            missing.add("justification");
        }
        if (!hasDecisionMaker()) {
            missing.add("decisionMaker");
        }
        if (decidedAt == null || decidedAt.isAfter(at)) {
            missing.add("decidedAt");
        }
        if (subjectInformed == null) {
            missing.add("subjectInformed");
        } else if (subjectInformed != SubjectInformed.YES && !present(notInformedReason)) {
            missing.add("notInformedReason");
        }
        return missing;
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }
}
