package org.junction.console.web;

import java.util.List;
import java.util.Set;
import org.junction.security.identity.Person;
import org.junction.security.identity.Role;

/** The console's navigation: each person sees the links to the pages their roles open. */
public final class Navigation {

    /** @param roles who sees the link; empty means every person */
    public record Item(String label, String href, Set<Role> roles) {

        boolean shownTo(Person person) {
            return roles.isEmpty() || person.roles().stream().anyMatch(roles::contains);
        }
    }

    static final List<Item> ITEMS = List.of(
            new Item("Dashboard", ConsolePaths.ROOT, Set.of()),
            new Item("Referrals", ConsolePaths.ROOT + "/referrals", Set.of(Role.HUB_ADMIN, Role.OPERATOR, Role.IG_LEAD)),
            new Item("Held referrals", ConsolePaths.ROOT + "/decisions", Set.of(Role.DECISION_MAKER)),
            new Item("Dead letters", ConsolePaths.ROOT + "/dead-letters", Set.of(Role.HUB_ADMIN, Role.OPERATOR)),
            new Item("Partners", ConsolePaths.ROOT + "/partners", Set.of(Role.HUB_ADMIN, Role.OPERATOR)),
            new Item("Configuration", ConsolePaths.ROOT + "/configuration", Set.of(Role.HUB_ADMIN)),
            new Item("Agreements", ConsolePaths.ROOT + "/agreements", Set.of(Role.HUB_ADMIN, Role.IG_LEAD)),
            new Item("Data flows", ConsolePaths.ROOT + "/flows", Set.of(Role.IG_LEAD)),
            new Item("Audit", ConsolePaths.ROOT + "/audit", Set.of(Role.IG_LEAD)));

    private Navigation() {
    }

    public static List<Item> forPerson(Person person) {
        return person == null ? List.of() : ITEMS.stream().filter(i -> i.shownTo(person)).toList();
    }
}
