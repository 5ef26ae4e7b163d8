package org.junction.mappings.council;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junction.mappings.codes.CodeTables;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The council tables serve both directions, so each must be one-to-one, and must give a council
 * code for every hub code a canonical referral can hold, or a referral from another partner
 * could not be rendered for a council.
 */
class CouncilCodeTablesTest {

    private static final Map<String, List<String>> HUB_CODES = Map.of(
            CouncilCodes.REFERRAL_TYPE, List.of("PPN_DOMESTIC_ABUSE", "ADULT_AT_RISK", "CHILD_CONCERN", "MENTAL_HEALTH",
                    "MISSING", "SUBSTANCE_MISUSE", "ASB", "HOMELESSNESS", "HIGH_DEMAND", "EARLY_HELP", "COMMUNITY_STEPDOWN"),
            CouncilCodes.CONCERN, List.of("DA", "MH", "SM", "ASB", "HOMELESS", "HIGH_DEMAND", "SELF_NEGLECT",
                    "EXPLOITATION", "MISSING", "HATE", "FINANCIAL_ABUSE", "HBA_FM_FGM"),
            CouncilCodes.GENDER, List.of("male", "female", "other", "unknown"),
            CouncilCodes.PRIORITY, List.of("routine", "urgent", "asap", "stat"),
            CouncilCodes.RISK_RATING, List.of("STANDARD", "MEDIUM", "HIGH", "NOT_ASSESSED"),
            CouncilCodes.CONSENT_STATUS, List.of("GIVEN", "REFUSED", "WITHDRAWN", "NOT_ASKED", "UNABLE", "NOT_SOUGHT_RISK"),
            CouncilCodes.HOUSEHOLD_ROLE, List.of("ALLEGED_PERPETRATOR", "VICTIM", "CHILD_IN_HOUSEHOLD", "CARER",
                    "NEXT_OF_KIN", "OTHER"),
            CouncilCodes.ADDRESS_TYPE, List.of("home", "temp", "old"),
            CouncilCodes.CONTACT_CHANNEL, List.of("phone", "sms", "email"));

    static List<String> tables() {
        return HUB_CODES.keySet().stream().sorted().toList();
    }

    @ParameterizedTest
    @MethodSource("tables")
    void everyHubCodeHasACouncilCode(String table) {
        for (String hubCode : HUB_CODES.get(table)) {
            assertThat(CodeTables.reverse(table, hubCode)).as(table + " " + hubCode).isPresent();
        }
    }

    @ParameterizedTest
    @MethodSource("tables")
    void tableReadsTheSameBothWays(String table) {
        for (String councilCode : CodeTables.sourceCodes(table)) {
            String hubCode = CodeTables.translate(table, councilCode).orElseThrow();
            assertThat(CodeTables.reverse(table, hubCode)).as(table + " " + councilCode).contains(councilCode);
            assertThat(HUB_CODES.get(table)).contains(hubCode);
        }
    }
}
