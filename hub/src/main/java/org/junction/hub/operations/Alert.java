package org.junction.hub.operations;

import java.time.Instant;

/**
 * One incident: kinds, partner ids, queue names, times and counts, never personal data.
 *
 * @param partnerId the partner concerned, or null (the intake dead-letter queue)
 * @param subject   what within the partner, when a partner has several (a dead-letter queue's name), or null
 * @param count     openings of a circuit; the largest dead-letter depth or number of overdue referrals
 *                  seen; the number of intervals a feed has been missing
 */
public record Alert(long id, AlertKind kind, String partnerId, String subject, Instant firstSeen, Instant lastSeen,
                    long count, State state, Instant resolvedAt) {

    public enum State { OPEN, RESOLVED }
}
