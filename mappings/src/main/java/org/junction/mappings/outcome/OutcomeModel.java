package org.junction.mappings.outcome;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a recipient decided or did about a referral the hub delivered, as plain values: what every
 * outcome or feedback mapper (MASH outcome, FHIR Task feedback, volunteer outcome) produces before
 * {@link OutcomeBundles#toBundle} turns it into the canonical outcome message, and what
 * {@link Outcome#model()} reads back.
 *
 * <p>The referral is named by the hub's tracking id, by the referrer's own reference, or both: a
 * recipient that never saw the tracking id can still quote the reference printed on the referral.
 *
 * <p>Outcome codes are the hub's (CodeSystem {@value OutcomeBundles#REFERRAL_OUTCOME_SYSTEM});
 * partner codes are translated through a ConceptMap on the way in. The set is open: a mapper for a
 * new kind of recipient adds its codes. Those in use:
 * <ul>
 *   <li>MASH (ConceptMap {@code mash-outcome}): NO_FURTHER_ACTION, SIGNPOSTED, EARLY_HELP,
 *       CHILD_IN_NEED_ASSESSMENT (Children Act s.17), CHILD_PROTECTION_ENQUIRY (s.47),
 *       ADULT_SAFEGUARDING_ENQUIRY (Care Act s.42), STRATEGY_DISCUSSION, CARE_NEEDS_ASSESSMENT
 *       (Care Act s.9), REFERRED_ON, NOT_ACCEPTED;</li>
 *   <li>volunteer step-down: ENGAGED, DECLINED, UNABLE_TO_CONTACT, CLOSED.</li>
 * </ul>
 *
 * @param referralTrackingId the hub's tracking id of the referral; null when the sender quoted only its reference
 * @param referralSourceRef  the referrer's own reference for the referral (the canonical {@code sourceRef});
 *                           null when the sender quoted only the tracking id
 * @param outcomeCode        hub outcome code, upper case: letters, digits and underscores
 * @param taskStatus         FHIR R4 Task status of the recipient's work on the referral: {@code received},
 *                           {@code accepted}, {@code rejected}, {@code ready}, {@code in-progress},
 *                           {@code on-hold}, {@code completed}, {@code cancelled} or {@code failed}
 * @param decidedAt          when the recipient decided; null when it did not say
 * @param decidedByRole      the role of whoever decided ("MASH team manager"), never a person's name; may be null
 * @param reason             why, in the recipient's words; may be null
 * @param nextSteps          what happens next, in the recipient's words; may be null
 */
public record OutcomeModel(
        UUID referralTrackingId,
        String referralSourceRef,
        String outcomeCode,
        String taskStatus,
        Instant decidedAt,
        String decidedByRole,
        String reason,
        String nextSteps) {

    /** The Task statuses an outcome may report; draft, requested and entered-in-error are the sender's, not an outcome. */
    public static final Set<String> TASK_STATUSES = Set.of(
            "received", "accepted", "rejected", "ready", "in-progress", "on-hold", "completed", "cancelled", "failed");

    private static final Pattern OUTCOME_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public OutcomeModel {
        if (referralTrackingId == null && (referralSourceRef == null || referralSourceRef.isBlank())) {
            throw new IllegalArgumentException("an outcome names its referral by tracking id or source reference");
        }
        Objects.requireNonNull(outcomeCode, "outcomeCode");
        Objects.requireNonNull(taskStatus, "taskStatus");
        if (!OUTCOME_CODE.matcher(outcomeCode).matches()) {
            throw new IllegalArgumentException("an outcome code is upper-case letters, digits and underscores");
        }
        if (!TASK_STATUSES.contains(taskStatus)) {
            throw new IllegalArgumentException("not a Task status an outcome may report: " + taskStatus);
        }
    }

    @Override
    public String toString() {
        // Codes and ids only: reason and next steps are free text about a person and end up in logs.
        return "OutcomeModel[referralTrackingId=" + referralTrackingId + ", outcomeCode=" + outcomeCode
                + ", taskStatus=" + taskStatus + "]";
    }
}
