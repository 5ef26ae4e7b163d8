package org.junction.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junction.security.identity.Person;
import org.junction.security.identity.Role;
import org.junit.jupiter.api.Test;

class NavigationTest {

    record Someone(Set<Role> roles) implements Person {
        public String id() {
            return "someone";
        }

        public String organisation() {
            return "gp-test";
        }

        public boolean hubWide() {
            return false;
        }
    }

    @Test
    void eachPersonSeesTheLinksTheirRolesOpen() {
        assertThat(Navigation.forPerson(new Someone(Set.of(Role.DECISION_MAKER)))).extracting(Navigation.Item::label)
                .containsExactly("Dashboard", "Held referrals");
        assertThat(Navigation.forPerson(new Someone(Set.of(Role.OPERATOR)))).extracting(Navigation.Item::label)
                .containsExactly("Dashboard", "Referrals", "Dead letters", "Partners");
        assertThat(Navigation.forPerson(new Someone(Set.of(Role.IG_LEAD)))).extracting(Navigation.Item::label)
                .containsExactly("Dashboard", "Referrals", "Agreements", "Data flows", "Audit");
        assertThat(Navigation.forPerson(new Someone(Set.of(Role.HUB_ADMIN)))).extracting(Navigation.Item::label)
                .containsExactly("Dashboard", "Referrals", "Dead letters", "Partners", "Configuration", "Agreements");
        assertThat(Navigation.forPerson(null)).isEmpty();
    }
}
