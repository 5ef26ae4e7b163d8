package org.junction.mappings.mash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junction.mappings.codes.CodeTables;
import org.junction.mappings.outcome.OutcomeModel;
import org.junit.jupiter.api.Test;

class MashCodeTablesTest {

    @Test
    void everyMashDecisionTheFormatPromisesHasAHubOutcome() {
        assertThat(CodeTables.sourceCodes(MashOutcomeJsonMapper.OUTCOME_MAP)).contains(
                "NFA", "SIGNPOST", "EARLY_HELP", "S17_ASSESSMENT", "S47_ENQUIRY", "S42_ENQUIRY", "STRATEGY_DISCUSSION");
    }

    @Test
    void everyHubOutcomeAMashCanReachHasATaskStatus() {
        for (String decision : CodeTables.sourceCodes(MashOutcomeJsonMapper.OUTCOME_MAP)) {
            String outcome = CodeTables.translate(MashOutcomeJsonMapper.OUTCOME_MAP, decision).orElseThrow();
            assertThat(MashOutcomeJsonMapper.TASK_STATUS).as(outcome).containsKey(outcome);
            assertThat(OutcomeModel.TASK_STATUSES).contains(MashOutcomeJsonMapper.TASK_STATUS.get(outcome));
        }
    }

    @Test
    void statutoryWorkIsInProgressAndClosingDecisionsAreCompleted() {
        assertThat(MashOutcomeJsonMapper.TASK_STATUS).containsEntry("CHILD_PROTECTION_ENQUIRY", "in-progress")
                .containsEntry("ADULT_SAFEGUARDING_ENQUIRY", "in-progress")
                .containsEntry("NO_FURTHER_ACTION", "completed")
                .containsEntry("SIGNPOSTED", "completed")
                .containsEntry("NOT_ACCEPTED", "rejected");
    }

    @Test
    void everyRiskGradeHasARagRating() {
        for (String grade : List.of("STANDARD", "MEDIUM", "HIGH", "NOT_ASSESSED")) {
            assertThat(CodeTables.translate(MashReferralJsonRenderer.RAG_MAP, grade)).as(grade).isPresent();
        }
    }
}
