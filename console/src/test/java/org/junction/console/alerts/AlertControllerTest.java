package org.junction.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junction.console.scope.Visibility;
import org.junction.security.identity.Person;
import org.junction.security.identity.Role;
import org.junit.jupiter.api.Test;

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

    private final AlertController controller = new AlertController(limit -> List.of(
            alert(1, "FEED_MISSING", "police-a", false, List.of("police-a")),
            alert(2, "VITAL_INTERESTS_SHARED", "police-a", true, List.of("police-a")),
            alert(3, "VITAL_INTERESTS_SHARED", "police-b", true, List.of("police-b")),
            alert(4, "AGREEMENT_EXPIRING", null, true, List.of("police-a", "gp-a")),
            alert(5, "DLQ_GROWING", null, false, List.of())), BY_ORGANISATION);

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

    private List<Long> ids(Person viewer) {
        return controller.list(100, viewer).stream().map(AlertList.AlertView::id).toList();
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
