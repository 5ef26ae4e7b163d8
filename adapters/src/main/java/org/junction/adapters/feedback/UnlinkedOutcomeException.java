package org.junction.adapters.feedback;

import java.util.List;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * The outcome names no referral the hub delivered to its sender. Whether such a referral exists
 * at all (sent elsewhere) is deliberately not told apart: a partner learns nothing about referrals
 * it did not receive. A rule violation, so sources that only know mapping failures (a broker
 * source's dead-letter queue) refuse it as a broken rule.
 */
public class UnlinkedOutcomeException extends MappingException {

    public static final String REASON = "names no referral delivered to this partner";

    public UnlinkedOutcomeException(String mapperId, String field) {
        super(mapperId, List.of(Violation.rule(field, REASON)));
    }

    /** The input field that named the referral. */
    public String field() {
        return violations().get(0).field();
    }
}
