package org.junction.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junction.console.scope.Visibility;
import org.junction.security.identity.Person;
import org.junction.security.identity.Role;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class AlertControllerTest {

    private static final Instant AT = Instant.parse("2026-11-02T10:00:00Z");

    /** Each partner is its own organisation, as the test partners are. */
    private static final Visibility BY_ORGANISATION = new Visibility() {
        @Override
        public boolean sees(Person person, String partnerId) {
            return person.sees(partnerId);
        }

        @Override
        public Optional<String> senderOf(UUID trackingId) {
            return Optional.empty();
        }
    };

    private final Listed listed = new Listed(List.of(
            alert(1, "FEED_MISSING", "police-a", false, List.of("police-a")),
            alert(2, "VITAL_INTERESTS_SHARED", "police-a", true, List.of("police-a")),
            alert(3, "VITAL_INTERESTS_SHARED", "police-b", true, List.of("police-b")),
            alert(4, "AGREEMENT_EXPIRING", null, true, List.of("police-a", "gp-a")),
            alert(5, "DLQ_GROWING", null, false, List.of())));
    private final AlertController controller = new AlertController(listed, BY_ORGANISATION);

    @Test
    void anIgLeadSeesTheGovernanceAlertsOfItsOwnOrganisationOnly() {
        assertThat(ids(person("police-a", false, Role.IG_LEAD))).containsExactly(2L, 4L);
        assertThat(ids(person("council-a", false, Role.IG_LEAD))).as("no party, no partner").isEmpty();
        assertThat(ids(person("hub-team", true, Role.IG_LEAD))).as("hub-wide: every governance alert")
                .containsExactly(2L, 3L, 4L);
    }

    @Test
    void thoseWhoRunTheHubSeeEveryKindWithinTheirScope() {
        assertThat(ids(person("hub-team", true, Role.HUB_ADMIN))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ids(person("police-a", false, Role.OPERATOR))).as("its partner's, its agreement's and the hub's")
                .containsExactly(1L, 2L, 4L, 5L);
    }

    @Test
    void aFilterGoesToTheListAsGivenAndTheScopeStillApplies() {
        ResponseEntity<?> answer = controller.list(100, "OPEN", "VITAL_INTERESTS_SHARED", "police-b",
                person("police-a", false, Role.OPERATOR));
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(listed.asked).containsExactly(new AlertList.Filter("OPEN", "VITAL_INTERESTS_SHARED", "police-b"));
        assertThat(answer.getBody()).asList().as("the filter does not widen what the viewer sees")
                .extracting(a -> ((AlertList.AlertView) a).id()).doesNotContain(3L);
    }

    @Test
    void anUnknownStateKindOrPartnerIsRefusedNamingTheParameterAndAsksNothing() {
        Person admin = person("hub-team", true, Role.HUB_ADMIN);
        assertThat(refusedField(controller.list(100, "open", null, null, admin))).isEqualTo("state");
        assertThat(refusedField(controller.list(100, null, "CIRCUIT_OPENED", null, admin))).isEqualTo("kind");
        assertThat(refusedField(controller.list(100, null, null, "p".repeat(65), admin))).isEqualTo("partner");
        assertThat(refusedField(controller.list(100, null, null, " ", admin))).isEqualTo("partner");
        assertThat(listed.asked).as("a refused filter never reaches the store").isEmpty();
    }

    private static String refusedField(ResponseEntity<?> answer) {
        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(problem.getType().toString()).endsWith("/problems/invalid-request");
        @SuppressWarnings("unchecked")
        List<Map<String, String>> errors = (List<Map<String, String>>) problem.getProperties().get("errors");
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.get("reason")).startsWith("must be"));
        assertThat(problem.getDetail()).startsWith(errors.get(0).get("field") + ": ");
        return errors.get(0).get("field");
    }

    private List<Long> ids(Person viewer) {
        ResponseEntity<?> answer = controller.list(100, null, null, null, viewer);
        assertThat(listed.asked).last().isEqualTo(AlertList.Filter.ANY);
        return ((List<?>) answer.getBody()).stream().map(a -> ((AlertList.AlertView) a).id()).toList();
    }

    /** The hub's side as far as the controller sees it: its incidents, and each filter it was asked with. */
    private static final class Listed implements AlertList {
        private final List<AlertView> views;
        final List<Filter> asked = new ArrayList<>();

        Listed(List<AlertView> views) {
            this.views = views;
        }

        @Override
        public List<AlertView> alerts(Filter filter, int limit) {
            asked.add(filter);
            return views.stream().limit(limit).toList();
        }

        @Override
        public Set<String> kinds() {
            return Set.of("FEED_MISSING", "VITAL_INTERESTS_SHARED", "AGREEMENT_EXPIRING", "DLQ_GROWING",
                    "CIRCUIT_OPEN");
        }
    }

    private static AlertList.AlertView alert(long id, String kind, String partner, boolean governance,
                                             List<String> organisations) {
        return new AlertList.AlertView(id, kind, partner, null, AT, AT, 1, "OPEN", null, governance, organisations);
    }

    private static Person person(String organisation, boolean hubWide, Role role) {
        return new Person() {
            @Override
            public String id() {
                return "person-" + organisation;
            }

            @Override
            public String organisation() {
                return organisation;
            }

            @Override
            public Set<Role> roles() {
                return Set.of(role);
            }

            @Override
            public boolean hubWide() {
                return hubWide;
            }
        };
    }
}
