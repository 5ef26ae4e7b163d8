package org.junction.hub.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.partner.Partner;
import org.junction.security.audit.LedgerSearchSql;
import org.junction.security.identity.Person;

/**
 * Which ledger events a person may read: through their organisation's partner systems (see
 * {@link LedgerSearchSql#scope}); everything for a person with hub-wide scope.
 */
public class AuditScope {

    private final ActiveConfig config;

    public AuditScope(ActiveConfig config) {
        this.config = Objects.requireNonNull(config);
    }

    /** The organisation a partner system belongs to; its own id when the hub no longer knows it. */
    public String organisationOf(String partnerId) {
        return partnerId == null ? null
                : config.partners().find(partnerId).map(Partner::organisation).orElse(partnerId);
    }

    /** The caller's organisation's partner systems; empty for hub-wide scope (no restriction). */
    public Optional<List<String>> partnersOf(Person person) {
        if (person.hubWide()) {
            return Optional.empty();
        }
        return Optional.of(config.partners().all().stream()
                .filter(p -> person.organisation() != null && person.organisation().equals(p.organisation()))
                .map(Partner::id).toList());
    }

    /**
     * The partner systems of the person's own organisation, hub-wide or not: what a source's IG
     * lead answers for (a restriction it put on its disclosures, say).
     */
    public List<String> ownPartners(Person person) {
        return config.partners().all().stream()
                .filter(p -> person.organisation() != null && person.organisation().equals(p.organisation()))
                .map(Partner::id).toList();
    }

    /** An SQL condition (starting with AND) on {@code ledger_event} under {@code alias}: see {@link LedgerSearchSql#scope}. */
    public String condition(Person person, String alias, List<Object> args) {
        return LedgerSearchSql.scope(partnersOf(person).orElse(null), alias, args);
    }
}
