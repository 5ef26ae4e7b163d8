package org.junction.mappings.volunteer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.canonical.ReferralModel.Address;
import org.junction.mappings.canonical.ReferralModel.Contact;
import org.junction.mappings.canonical.ReferralModel.Risk;
import org.junction.mappings.testing.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolunteerStepdownJsonMapperTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-21");

    @ParameterizedTest(name = "born {0} -> {1}")
    @CsvSource({
            "2026-11-21, 0-15",
            "2010-11-22, 0-15",
            "2010-11-21, 16-17",
            "2008-11-22, 16-17",
            "2008-11-21, 18-29",
            "1996-11-22, 18-29",
            "1996-11-21, 30-39",
            "1987-06-01, 30-39",
            "1937-11-22, 80-89",
            "1936-11-21, 90+",
            "1901-01-01, 90+"})
    void ageBandChangesExactlyOnTheBirthday(String birthDate, String band) {
        assertThat(VolunteerStepdownJsonMapper.ageBand(LocalDate.parse(birthDate), TODAY)).isEqualTo(band);
    }

    @Test
    void noAgeBandWithoutABirthDateOrForOneAfterToday() {
        assertThat(VolunteerStepdownJsonMapper.ageBand(null, TODAY)).isNull();
        assertThat(VolunteerStepdownJsonMapper.ageBand(TODAY.plusDays(1), TODAY)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"DT1 2AB, DT1", "dt47aa, DT4", "SW1A 1AA, SW1A", "EC1A  1BB, EC1A", "M1 1AE, M1", "B33 8TH, B33"})
    void postcodeDistrictIsTheOutwardCode(String postcode, String district) {
        assertThat(VolunteerStepdownJsonMapper.postcodeDistrict(List.of(address("home", postcode)))).isEqualTo(district);
    }

    @Test
    void postcodeDistrictPrefersTheHomeAddressAndNeverUsesAnOldOne() {
        assertThat(VolunteerStepdownJsonMapper.postcodeDistrict(
                List.of(address("temp", "BH15 1AA"), address("home", "DT1 2AB")))).isEqualTo("DT1");
        assertThat(VolunteerStepdownJsonMapper.postcodeDistrict(List.of(address("old", "DT1 2AB")))).isNull();
        assertThat(VolunteerStepdownJsonMapper.postcodeDistrict(List.of(address("home", "not known")))).isNull();
    }

    @Test
    void highRiskAloneMeansLoneWorkingRiskButHomeVisitsStayPossible() {
        ReferralModel model = with(Models.minimal(), new Risk("LOCAL", null, "HIGH", false, null, null), List.of(),
                List.of(new Contact("phone", "07700 900001", true, null)));

        assertThat(VolunteerSafetyFlags.of(model)).containsExactly("LONE_WORKING_RISK");
    }

    @Test
    void domesticAbuseMeansLoneWorkingRiskAndNoHomeVisit() {
        ReferralModel model = with(Models.minimal(), null, List.of("DA"),
                List.of(new Contact("phone", "07700 900001", true, null)));

        assertThat(VolunteerSafetyFlags.of(model)).containsExactly("LONE_WORKING_RISK", "HOME_VISIT_NOT_ADVISED");
    }

    @Test
    void aContactWhoseSafetyIsUnknownCountsAsUnsafe() {
        ReferralModel model = with(Models.minimal(), null, List.of("SELF_NEGLECT"),
                List.of(new Contact("phone", "07700 900001", null, null), new Contact("email", "a@example.invalid", false, null)));

        assertThat(VolunteerSafetyFlags.of(model)).containsExactly("NO_SAFE_CONTACT_CHANNEL");
    }

    @Test
    void aNamedAllegedPerpetratorRaisesBothVisitFlags() {
        assertThat(VolunteerSafetyFlags.of(Models.full())).containsExactly("LONE_WORKING_RISK", "HOME_VISIT_NOT_ADVISED");
    }

    @Test
    void describesItself() {
        VolunteerStepdownJsonMapper mapper = new VolunteerStepdownJsonMapper();

        assertThat(mapper.id()).isEqualTo("volunteer-stepdown-json-v1");
        assertThat(mapper.mediaType()).isEqualTo("application/json");
    }

    private static Address address(String use, String postcode) {
        return new Address(use, List.of("1 Example Road"), "Town", null, postcode, null);
    }

    private static ReferralModel with(ReferralModel m, Risk risk, List<String> concerns, List<Contact> contacts) {
        ReferralModel.Subject s = m.subject();
        ReferralModel.Subject subject = new ReferralModel.Subject(s.identifiers(), s.nhsNumberVerification(), s.name(),
                s.birthDate(), s.birthDateApproximate(), s.gender(), s.addresses(), contacts, s.language(),
                s.interpreterRequired(), s.communicationNeeds(), s.gpOdsCode());
        return new ReferralModel(m.sourceRef(), m.incidentRef(), m.referralType(), m.referralKind(), m.purpose(),
                m.priority(), subject, m.relatedPersons(), concerns, m.narrative(), m.occurredAt(), m.requestedAction(),
                risk, m.requester(), m.supervisor(), m.consent(), m.classification(), m.restrictedDisclosure(), m.needs());
    }
}
