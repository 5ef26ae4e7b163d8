package org.junction.console.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What the alerts API needs from the hub: the recent operational incidents. */
public interface AlertList {

    /** Open incidents first, then the most recently seen, of those the filter lets through; at most {@code limit}. */
    List<AlertView> alerts(Filter filter, int limit);

    /** The kinds an incident can have, so that a filter naming any other is refused rather than matching nothing. */
    Set<String> kinds();

    /**
     * Which incidents to list; a null part lets any through.
     *
     * @param state   OPEN or RESOLVED
     * @param kind    one of {@link #kinds()}
     * @param partner the partner the incident names
     */
    record Filter(String state, String kind, String partner) {
        public static final Filter ANY = new Filter(null, null, null);
    }

    /**
     * One incident: kinds, partner ids, queue names, times and counts, never personal data.
     *
     * @param kind       CIRCUIT_OPEN, DLQ_GROWING, OVERDUE, FEED_MISSING, AGREEMENT_EXPIRING, DECISION_WAITING...
     * @param subject    what within the partner (a dead-letter queue's name), when there is one
     * @param state      OPEN or RESOLVED
     * @param governance    the alert is also information governance's business, shown to IG leads
     * @param organisations the organisations it concerns (the partner's; an agreement's parties); empty
     *                      for an alert about the hub itself
     */
    record AlertView(long id, String kind, String partner, String subject, Instant firstSeen, Instant lastSeen,
                     long count, String state, Instant resolvedAt, boolean governance, List<String> organisations) {
    }
}
