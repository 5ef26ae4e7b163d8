package org.junction.console.web.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junction.console.audit.AuditRequests;
import org.junction.console.web.FormErrors;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The audit pages read their forms by the audit API's rules and show its errors against their own fields. */
class AuditFormsTest {

    @Test
    void theApisFieldErrorsLinkToThePagesFieldsUnderTheirLabels() {
        List<AuditRequests.FieldError> found = new ArrayList<>();
        AuditRequests.search(Map.of("nhsNumber", "9990003010", "from", "last week", "decision", "PERMIT",
                "outcome", "DENY"), found);
        AuditRequests.reason(Map.of("reason", "why"), found);

        FormErrors errors = AuditForms.errors(found, AuditSearchPage.FIELDS);

        assertThat(errors.all()).extracting(FormErrors.Error::field)
                .containsExactly("nhsNumber", "outcome", "from", "reason");
        assertThat(errors.get("nhsNumber")).isEqualTo("NHS number: not a valid NHS number (ten digits with a valid "
                + "check digit)").doesNotContain("9990003010");
        assertThat(errors.get("outcome")).startsWith("Outcome: give outcome or decision");
        assertThat(errors.get("reason")).isEqualTo("Reason: required, 10 to 1000 characters");
    }

    @Test
    void aFieldTheFormDoesNotHaveIsShownAgainstItsFirstField() {
        FormErrors errors = AuditForms.errors(List.of(new AuditRequests.FieldError("identifierSystem", "required")),
                SubjectAccessPage.FIELDS);

        assertThat(errors.get("nhsNumber")).isEqualTo("Identifier system: required");
    }

    @Test
    void onlyTheNamedFieldsAreReadAndAnOverlongValueIsNotShownAgain() {
        var request = new MockHttpServletRequest();
        request.addParameter("nhsNumber", "9990003009");
        request.addParameter("_csrf", "token");
        request.addParameter("reason", "r".repeat(AuditRequests.MAX_REASON + 1));

        Map<String, String> fields = AuditForms.fields(request, SubjectAccessPage.FIELDS);

        assertThat(fields).containsOnlyKeys("nhsNumber", "reason");
        assertThat(AuditForms.shownAgain(fields)).containsEntry("nhsNumber", "9990003009").containsEntry("reason", "");
    }
}
