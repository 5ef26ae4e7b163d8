package org.junction.hub.people.oidc;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junction.security.identity.Role;
import org.junction.security.people.AuthenticatedPerson;

/**
 * Maps an ID token's claims (signature, issuer, audience, expiry and nonce already checked) to the
 * hub's person. Refuses (empty) a person without a recognised organisation or any hub role; roles
 * the hub does not know are ignored, never guessed at.
 */
public class OidcPeople {

    /** Ids from a provider may be e-mail-like; still only plain characters, to go into the ledger. */
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{2,120}");

    private final OidcProperties settings;
    private final Supplier<Set<String>> recognisedOrganisations;

    /** @param partnerOrganisations the organisations of the partners in force now */
    public OidcPeople(OidcProperties settings, Supplier<Set<String>> partnerOrganisations) {
        this.settings = settings;
        this.recognisedOrganisations = () -> {
            Set<String> all = new LinkedHashSet<>(partnerOrganisations.get());
            all.addAll(settings.organisations());
            return all;
        };
    }

    public Optional<AuthenticatedPerson> person(Map<String, Object> claims) {
        Object username = claims.get(settings.usernameClaim());
        Object organisation = claims.get(settings.organisationClaim());
        if (!(username instanceof String id) || !USERNAME.matcher(id).matches()
                || !(organisation instanceof String org) || !recognisedOrganisations.get().contains(org)) {
            return Optional.empty();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : strings(claims.get(settings.rolesClaim()), "[,\\s]+")) {
            Arrays.stream(Role.values()).filter(r -> r.name().equals(name.toUpperCase(Locale.ROOT)))
                    .forEach(roles::add);
        }
        if (roles.isEmpty()) {
            return Optional.empty();
        }
        Set<String> titles = roles.contains(Role.DECISION_MAKER)
                ? new LinkedHashSet<>(strings(claims.get(settings.roleTitlesClaim()), "\\s*,\\s*")) : Set.of();
        boolean hubWide = Boolean.TRUE.equals(claims.get(settings.hubWideClaim()))
                || "true".equals(claims.get(settings.hubWideClaim()));
        return Optional.of(new AuthenticatedPerson(id, org, roles, titles, hubWide, AuthenticatedPerson.OIDC));
    }

    /** A claim given as a JSON array, or as one string of values split at {@code separator}. */
    private static List<String> strings(Object claim, String separator) {
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast)
                    .filter(s -> !s.isBlank()).map(String::strip).toList();
        }
        if (claim instanceof String value) {
            return Arrays.stream(value.split(separator)).filter(s -> !s.isBlank()).map(String::strip).toList();
        }
        return List.of();
    }
}
