package org.junction.mappings.volunteer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junction.mappings.codes.CodeTables;
import org.junction.mappings.outcome.OutcomeModel;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.schema.JsonSchemas;
import org.junit.jupiter.api.Test;

class VolunteerOutcomeJsonMapperTest {

    private final VolunteerOutcomeJsonMapper mapper = new VolunteerOutcomeJsonMapper();

    @Test
    void everyHubOutcomeTheConceptMapCanProduceHasATaskStatus() {
        for (String platformCode : CodeTables.sourceCodes(VolunteerOutcomeJsonMapper.OUTCOME_MAP)) {
            String hubCode = CodeTables.translate(VolunteerOutcomeJsonMapper.OUTCOME_MAP, platformCode).orElseThrow();
            assertThat(VolunteerOutcomeJsonMapper.TASK_STATUS).as(hubCode).containsKey(hubCode);
            assertThat(OutcomeModel.TASK_STATUSES).contains(VolunteerOutcomeJsonMapper.TASK_STATUS.get(hubCode));
        }
    }

    @Test
    void theFourPlatformOutcomesMapToTheirHubCodes() {
        assertThat(CodeTables.sourceCodes(VolunteerOutcomeJsonMapper.OUTCOME_MAP))
                .contains("ENGAGED", "DECLINED", "UNABLE_TO_CONTACT", "CLOSED");
        for (String code : new String[] {"ENGAGED", "DECLINED", "UNABLE_TO_CONTACT", "CLOSED"}) {
            assertThat(CodeTables.translate(VolunteerOutcomeJsonMapper.OUTCOME_MAP, code)).contains(code);
        }
    }

    @Test
    void publishesItsSchema() {
        assertThat(JsonSchemas.has(VolunteerOutcomeJsonMapper.ID)).isTrue();
    }

    @Test
    void anUnknownOutcomeIsARuleViolationThatDoesNotRepeatTheCode() {
        byte[] input = ("{\"referralId\":\"5e9d7c3b-2a1f-4e0d-9c8b-000000000001\",\"outcome\":\"MOVED_AWAY\","
                + "\"outcomeDate\":\"2026-11-19\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> mapper.map(input, VolunteerOutcomeJsonMapperGoldenTest.CONTEXT))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.kind().name()).isEqualTo("RULE");
                    assertThat(e.getMessage()).contains("outcome").doesNotContain("MOVED_AWAY");
                });
    }
}
