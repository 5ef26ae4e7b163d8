package org.junction.security.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

/**
 * The SQL of a ledger search, in one place so that the audit API and the benchmark that times it
 * run the same statement.
 */
public final class LedgerSearchSql {

    /** Columns of an event as a search answers it, in the order {@link #EVENT_DETAILS_AT} assumes. */
    public static final String COLUMNS = """
            e.event_id, e.event_type, e.occurred_at, e.actor, e.tracking_id, e.sender_partner_id, e.recipient_partner_id,
            e.purpose, e.outcome, e.reason_code, e.generation, e.correlation_id, e.basis_kind, e.basis_codes,
            e.agreement_id, e.agreement_version, e.flow_id, e.consent_id, e.decision_id, e.decision_maker,
            e.data_categories, e.labels""";

    /** Where {@link LedgerEventRows#details} starts reading in a row of {@link #COLUMNS}. */
    public static final int EVENT_DETAILS_AT = 12;

    /**
     * @param pseudonyms    the subject's pseudonyms; empty for no subject filter
     * @param scopePartners the partner systems of the caller's organisation; null for hub-wide scope
     */
    public record Filter(List<String> pseudonyms, String partner, String purpose, String basisKind, String outcome,
                         String eventType, Instant from, Instant to, List<String> scopePartners, int page, int size) {
    }

    private LedgerSearchSql() {
    }

    /**
     * The search, newest first by id (insertion order): without a subject the primary key walks
     * backwards and stops at the page; with one, the pseudonym index finds the few events there
     * are. One row more than the page is asked for, to tell whether another page follows without
     * counting them all.
     */
    public static String build(Filter f, List<Object> args) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ledger_event e WHERE 1 = 1");
        if (!f.pseudonyms().isEmpty()) {
            sql.append(" AND e.id IN (SELECT s.ledger_event_id FROM ledger_subject s WHERE s.pseudonym IN (")
                    .append(marks(f.pseudonyms().size())).append("))");
            args.addAll(f.pseudonyms());
        }
        if (f.partner() != null) {
            sql.append(" AND (e.sender_partner_id = ? OR e.recipient_partner_id = ?)");
            args.add(f.partner());
            args.add(f.partner());
        }
        equal(sql, args, "e.purpose", f.purpose());
        equal(sql, args, "e.basis_kind", f.basisKind());
        equal(sql, args, "e.outcome", f.outcome());
        equal(sql, args, "e.event_type", f.eventType());
        if (f.from() != null) {
            sql.append(" AND e.occurred_at >= ?");
            args.add(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
        }
        if (f.to() != null) {
            sql.append(" AND e.occurred_at < ?");
            args.add(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
        }
        sql.append(scope(f.scopePartners(), "e", args));
        sql.append(" ORDER BY e.id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        args.add((long) f.page() * f.size());
        args.add(f.size() + 1);
        return sql.toString();
    }

    /**
     * A condition (starting with AND) on {@code ledger_event} under {@code alias} keeping what a
     * person whose organisation owns {@code partners} may read: what those partners sent, and what
     * they received, except what speaks of a referral the recipient was not sent (a denial, a
     * hold, a decision-maker's look at it or their decline). Null partners: no restriction.
     */
    public static String scope(List<String> partners, String alias, List<Object> args) {
        if (partners == null) {
            return "";
        }
        if (partners.isEmpty()) {
            return " AND 1 = 0";
        }
        String marks = marks(partners.size());
        args.addAll(partners);
        args.addAll(partners);
        return " AND (" + alias + ".sender_partner_id IN (" + marks + ") OR (" + alias + ".recipient_partner_id IN ("
                + marks + ") AND " + alias + ".event_type NOT IN ('DECISION_VIEWED', 'DECISION_DECLINED')"
                + " AND NOT (" + alias + ".event_type = 'DECIDED' AND " + alias + ".outcome <> 'PERMIT')))";
    }

    public static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static void equal(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }
}
