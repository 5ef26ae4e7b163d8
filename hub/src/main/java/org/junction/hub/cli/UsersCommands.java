package org.junction.hub.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junction.security.identity.Role;
import org.junction.security.people.LocalUser;
import org.junction.security.people.PersonAdministration;

/**
 * {@code junction users}: the people who log in to the hub with a password and a TOTP code. The
 * hub generates both; they are printed once here and stored only hashed (password) or sealed under
 * the key-encryption key (TOTP secret), so they can never be shown again: a lost one is reset.
 */
public final class UsersCommands {

    /** Recorded in the ledger as how the change was made. */
    static final String HOW = "CLI";

    private final PersonAdministration people;
    private final PrintStream out;

    public UsersCommands(PersonAdministration people, PrintStream out) {
        this.people = people;
        this.out = out;
    }

    public void add(String id, String organisation, Set<Role> roles, Collection<String> roleTitles, boolean hubWide) {
        var issued = people.add(id, organisation, roles, roleTitles, hubWide, HOW);
        out.println("Created person '" + id + "' of " + organisation + ", roles " + new TreeSet<>(roles)
                + (roleTitles.isEmpty() ? "" : ", titles " + new TreeSet<>(roleTitles))
                + (hubWide ? ", hub-wide scope." : ", scope: own organisation only."));
        printCredentials(issued);
    }

    public void list() {
        List<LocalUser> all = people.list();
        out.printf("%-24s %-9s %-10s %-34s %-28s %s%n", "ID", "STATE", "SCOPE", "ROLES", "ORGANISATION", "TITLES");
        for (LocalUser u : all) {
            String state = !u.enabled() ? "DISABLED"
                    : u.lockedUntil() != null && u.lockedUntil().isAfter(Instant.now()) ? "LOCKED" : "enabled";
            out.printf("%-24s %-9s %-10s %-34s %-28s %s%n", u.id(), state, u.hubWide() ? "hub-wide" : "own-org",
                    String.join(",", u.roles().stream().map(Role::name).sorted().toList()), u.organisation(),
                    String.join("; ", new TreeSet<>(u.roleTitles())));
        }
        out.println(all.size() + " person(s)");
    }

    public void disable(String id) {
        people.disable(id, HOW);
        out.println("Person '" + id + "' is disabled: no new login is accepted, and open sessions end at their next"
                + " request.");
    }

    public void reset(String id) {
        var issued = people.reset(id, HOW);
        out.println("Person '" + id + "' has a new password and TOTP secret; the old ones no longer work.");
        printCredentials(issued);
    }

    private void printCredentials(PersonAdministration.Issued issued) {
        out.println("Give these to the person over a trusted channel. They are shown only now and cannot be shown again:");
        out.println("  password     " + issued.password());
        out.println("  TOTP secret  " + issued.totpSecret() + "   (SHA-1, 6 digits, 30 seconds)");
        out.println("  otpauth URI  " + issued.otpauthUri());
    }

    static Set<Role> roles(List<String> names) {
        if (names.isEmpty()) {
            throw new CliArgs.UsageException("--roles is required: one or more of " + List.of(Role.values()));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            try {
                roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CliArgs.UsageException("unknown role " + name + "; one of " + List.of(Role.values()));
            }
        }
        return roles;
    }
}
