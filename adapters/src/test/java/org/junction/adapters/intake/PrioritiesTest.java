package org.junction.adapters.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.highdemand.PoliceHighDemandCsvMapper;
import org.junit.jupiter.api.Test;

class PrioritiesTest {

    /** One synthetic high-demand row graded HIGH by the force. */
    private static final String FEED = String.join(",", PoliceHighDemandCsvMapper.COLUMNS) + "\r\n"
            + "HD-1,NOM-1,Tamsin,Feedrow,1986-03-14,F,9990000026,9 Sample Row,,Testbury,TB1 2CD,21,2026-05-01,"
            + "2026-10-31,2026-10-28,DOM;MH,DAV,HIGH,PATSFTY,PC Sam Example,4521,Partnership Hub East\r\n";

    @Test
    void aHighDemandRowGradedHighStaysRoutineSoItCannotQueueAheadOfAHighRiskReferral() {
        Referral row = highDemandRow();

        assertThat(row.riskGrade()).contains("HIGH");
        assertThat(Priorities.of(row)).isEqualTo(Priorities.ROUTINE);
        assertThat(IntakeService.urgent(row)).isFalse();
    }

    @Test
    void anyOtherReferralGradedHighIsRaisedAndAnUrgentOneMore() {
        ReferralModel model = highDemandRow().model();

        Referral graded = referral(retyped(model, "PPN_DOMESTIC_ABUSE", "routine"));
        Referral stat = referral(retyped(model, "PPN_DOMESTIC_ABUSE", "stat"));
        Referral bulkStat = referral(retyped(model, "HIGH_DEMAND", "stat"));

        assertThat(Priorities.of(graded)).isEqualTo(Priorities.HIGH_RISK);
        assertThat(IntakeService.urgent(graded)).isTrue();
        assertThat(Priorities.of(stat)).isEqualTo(Priorities.STAT);
        assertThat(Priorities.of(bulkStat)).as("a priority the sender states still counts").isEqualTo(Priorities.STAT);
        assertThat(Priorities.ROUTINE).isLessThan(Priorities.HIGH_RISK);
    }

    private static Referral highDemandRow() {
        var rows = new PoliceHighDemandCsvMapper().mapRows(FEED.getBytes(StandardCharsets.UTF_8), PrioritiesTest::context);
        assertThat(rows).hasSize(1).allMatch(r -> r.mapped());
        return Referral.of(rows.get(0).bundle());
    }

    private static MappingContext context(int row) {
        return new MappingContext(UUID.randomUUID(), "police-feed", "feed.csv#" + row, null, Instant.now());
    }

    private static Referral referral(ReferralModel model) {
        return Referral.of(ReferralBundles.toBundle(model, context(1)));
    }

    private static ReferralModel retyped(ReferralModel m, String type, String priority) {
        return new ReferralModel(m.sourceRef(), m.incidentRef(), type, m.referralKind(), m.purpose(), priority,
                m.subject(), m.relatedPersons(), m.concerns(), m.narrative(), m.occurredAt(), m.requestedAction(),
                m.risk(), m.requester(), m.supervisor(), m.consent(), m.classification(), m.restrictedDisclosure(),
                m.needs());
    }
}
