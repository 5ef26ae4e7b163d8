package org.junction.hub.people.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junction.security.identity.Role;
import org.junit.jupiter.api.Test;

class OidcPeopleTest {

    private static OidcProperties settings(URI issuer, String secret, List<String> scopes) {
        return new OidcProperties(issuer, "hub", secret, "sso", scopes, "preferred_username", "org", "roles",
                "titles", "hub_wide", List.of("Hub team"), "/");
    }

    private final OidcPeople people = new OidcPeople(settings(URI.create("https://idp.example"), "env:OIDC_SECRET",
            List.of("openid")), () -> Set.of("council-a"));

    @Test
    void mapsKnownOrganisationsAndRolesAndIgnoresUnknownRoles() {
        var person = people.person(Map.of("preferred_username", "jo.lead@council-a.example", "org", "council-a",
                "roles", List.of("decision_maker", "ROOT"), "titles", "MASH designated lead, Duty manager"));
        assertThat(person).hasValueSatisfying(p -> {
            assertThat(p.id()).isEqualTo("jo.lead@council-a.example");
            assertThat(p.roles()).containsExactly(Role.DECISION_MAKER);
            assertThat(p.roleTitles()).containsExactlyInAnyOrder("MASH designated lead", "Duty manager");
            assertThat(p.hubWide()).isFalse();
            assertThat(p.method()).isEqualTo("OIDC");
        });
        assertThat(people.person(Map.of("preferred_username", "ops-1", "org", "Hub team", "roles", "HUB_ADMIN OPERATOR",
                "hub_wide", true))).hasValueSatisfying(p -> {
                    assertThat(p.roles()).containsExactlyInAnyOrder(Role.HUB_ADMIN, Role.OPERATOR);
                    assertThat(p.hubWide()).isTrue();
                });
    }

    @Test
    void refusesUnknownOrganisationsNoRoleAndOddUsernames() {
        assertThat(people.person(Map.of("preferred_username", "x1", "org", "council-b", "roles", "IG_LEAD"))).isEmpty();
        assertThat(people.person(Map.of("preferred_username", "x1", "roles", "IG_LEAD"))).isEmpty();
        assertThat(people.person(Map.of("preferred_username", "x1", "org", "council-a", "roles", "VIEWER"))).isEmpty();
        assertThat(people.person(Map.of("preferred_username", "x1", "org", "council-a"))).isEmpty();
        assertThat(people.person(Map.of("preferred_username", "a b;c", "org", "council-a", "roles", "IG_LEAD")))
                .isEmpty();
    }

    @Test
    void settingsAreCheckedOnlyWhenSingleSignOnIsOn() {
        assertThat(settings(null, null, List.of("openid")).enabled()).isFalse();
        assertThatThrownBy(() -> settings(URI.create("https://idp.example"), "plain-secret", List.of("openid")))
                .hasMessageContaining("reference");
        assertThatThrownBy(() -> settings(URI.create("https://idp.example"), "file:/run/s", List.of("profile")))
                .hasMessageContaining("openid");
    }
}
