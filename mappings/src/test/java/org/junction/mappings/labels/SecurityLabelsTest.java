package org.junction.mappings.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.testing.Fixtures;
import org.junction.mappings.testing.Models;
import org.junit.jupiter.api.Test;

class SecurityLabelsTest {

    @Test
    void theBundleAndEveryResourceCarryTheSameLabels() {
        Bundle bundle = ReferralBundles.toBundle(Models.full(), Fixtures.CONTEXT);
        List<String> expected = List.of(
                JunctionSystems.GSCP_CLASSIFICATION + "#OFFICIAL-SENSITIVE",
                JunctionSystems.GSCP_CLASSIFICATION + "#PERSONAL",
                JunctionSystems.V3_CONFIDENTIALITY + "#R",
                JunctionSystems.V3_ACT_CODE + "#SDV",
                JunctionSystems.V3_ACT_CODE + "#PSY",
                JunctionSystems.V3_ACT_CODE + "#ETH",
                JunctionSystems.V3_ACT_REASON + "#PATSFTY",
                JunctionSystems.HANDLING_CAVEAT + "#RESTRICTED_DISCLOSURE");

        assertThat(labels(bundle.getMeta().getSecurity())).isEqualTo(expected);
        for (Resource resource : resources(bundle)) {
            assertThat(labels(resource.getMeta().getSecurity())).as(resource.fhirType()).isEqualTo(expected);
        }
    }

    @Test
    void officialIsNormalConfidentialityWithoutSensitivitiesOrCaveat() {
        Bundle bundle = ReferralBundles.toBundle(Models.minimal(), Fixtures.CONTEXT);

        assertThat(labels(bundle.getMeta().getSecurity())).containsExactly(
                JunctionSystems.GSCP_CLASSIFICATION + "#OFFICIAL",
                JunctionSystems.V3_CONFIDENTIALITY + "#N",
                JunctionSystems.V3_ACT_REASON + "#COC");
    }

    @Test
    void sensitivitiesComeFromTheConceptMapOncePerCode() {
        assertThat(SecurityLabels.sensitivities(List.of("DA", "HBA_FM_FGM", "MH", "ASB", "SM", "DA")))
                .containsExactly("SDV", "PSY", "ETH");
        assertThat(SecurityLabels.sensitivities(List.of("ASB", "HOMELESS"))).isEmpty();
    }

    @Test
    void oneOfficialSensitivePartMakesTheWholeBundleOfficialSensitive() {
        Bundle bundle = ReferralBundles.toBundle(Models.minimal(), Fixtures.CONTEXT);
        Resource patient = bundle.getEntry().get(2).getResource();
        patient.getMeta().getSecurity().clear();
        patient.getMeta().addSecurity(JunctionSystems.GSCP_CLASSIFICATION, "OFFICIAL-SENSITIVE", null);

        assertThat(SecurityLabels.highestMarking(bundle)).isEqualTo("OFFICIAL-SENSITIVE");
        SecurityLabels.apply(bundle, Models.minimal());

        assertThat(labels(bundle.getMeta().getSecurity())).contains(
                JunctionSystems.GSCP_CLASSIFICATION + "#OFFICIAL-SENSITIVE", JunctionSystems.V3_CONFIDENTIALITY + "#R");
        for (Resource resource : resources(bundle)) {
            assertThat(labels(resource.getMeta().getSecurity())).as(resource.fhirType())
                    .contains(JunctionSystems.GSCP_CLASSIFICATION + "#OFFICIAL-SENSITIVE")
                    .doesNotContain(JunctionSystems.GSCP_CLASSIFICATION + "#OFFICIAL");
        }
        assertThat(Referral.of(bundle).model().classification().marking()).isEqualTo("OFFICIAL-SENSITIVE");
    }

    @Test
    void theMarkingSurvivesBuildReadAndBuildAgain() {
        for (ReferralModel model : List.of(Models.full(), Models.minimal())) {
            Bundle first = ReferralBundles.toBundle(model, Fixtures.CONTEXT);
            ReferralModel read = Referral.of(Fhir.parseBundle(Fhir.toJson(first))).model();
            Bundle second = ReferralBundles.toBundle(read, Fixtures.CONTEXT);

            assertThat(read.classification()).isEqualTo(model.classification());
            assertThat(read.restrictedDisclosure()).isEqualTo(model.restrictedDisclosure());
            assertThat(labels(second.getMeta().getSecurity())).isEqualTo(labels(first.getMeta().getSecurity()));
        }
    }

    @Test
    void aMarkingOutsideOfficialIsRefused() {
        ReferralModel.Classification secret = new ReferralModel.Classification("SECRET", List.of());

        assertThatIllegalArgumentException().isThrownBy(() -> SecurityLabels.labels(secret, List.of(), "COC", false));
        assertThat(SecurityLabels.isMarking("OFFICIAL")).isTrue();
        assertThat(SecurityLabels.isMarking("SECRET")).isFalse();
    }

    @Test
    void aBundleWithoutAnyMarkingHasNoClassification() {
        assertThatIllegalArgumentException().isThrownBy(() -> SecurityLabels.classificationOf(new Bundle()));
    }

    private static List<Resource> resources(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Objects::nonNull).toList();
    }

    private static List<String> labels(List<Coding> codings) {
        return codings.stream().map(c -> c.getSystem() + "#" + c.getCode()).toList();
    }
}
