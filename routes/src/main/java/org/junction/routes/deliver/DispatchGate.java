package org.junction.routes.deliver;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.security.consent.ConsentCheck;
import org.junction.security.consent.ConsentOutcome;
import org.junction.security.consent.ConsentRecord;
import org.junction.security.consent.ConsentStore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the deliver stage must know of a dispatch before it sends it, read in one statement as the
 * dispatch is taken from its queue: whether this generation was already delivered, whether its
 * sender took the referral back, whether an earlier dispatch to the recipient about the same person
 * is still pending, and the consents on record for the person.
 *
 * <p>One statement rather than one per question: it runs for every delivery, and each statement
 * outside a transaction is a round trip and a database transaction of its own. The scalar answers
 * ride on every row of an outer join to the person's consents, one row per consent and subject
 * pseudonym, or a single row when there are none.
 */
class DispatchGate {

    private static final String DELIVERED = "(SELECT response_id FROM delivery"
            + " WHERE tracking_id = ? AND recipient_partner_id = ? AND generation = ?)";
    private static final String TAKEN_BACK = "(SELECT cause FROM referral_withdrawal WHERE tracking_id = ?)";
    private static final String CONSENT_COLUMNS = ConsentStore.columns("c");
    /** The first column of the consent's, after the three answers. */
    private static final int CONSENT_COLUMN = 4;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    DispatchGate(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.clock = Objects.requireNonNull(clock);
    }

    DeliveryService.Known read(BrokerHeaders.Dispatch dispatch) {
        List<String> subjects = dispatch.subjectPseudonyms().stream().distinct().toList();
        // A dispatch about no identified person, or with no purpose to check consent against, reads
        // no consents: nothing on record can say no to it.
        boolean consentApplies = !subjects.isEmpty() && dispatch.purpose() != null;
        Map<UUID, ConsentRecord> consents = new LinkedHashMap<>();
        Answers answers = jdbc.query(sql(subjects.size(), consentApplies), rs -> {
            Answers first = null;
            while (rs.next()) {
                if (first == null) {
                    first = new Answers(rs.getString(1), rs.getString(2), rs.getInt(3) == 1);
                }
                ConsentRecord consent = ConsentStore.read(rs, CONSENT_COLUMN);
                if (consent != null) {
                    // Once per consent: a consent recorded under two of the subject's pseudonyms is two rows.
                    consents.putIfAbsent(consent.id(), consent);
                }
            }
            return first;
        }, arguments(dispatch, subjects, consentApplies).toArray());
        Objects.requireNonNull(answers, "the outer join returns at least one row");
        boolean consentWithdrawn = consentApplies && ConsentCheck.evaluate(List.copyOf(consents.values()),
                dispatch.recipient(), dispatch.purpose(), clock.instant()) == ConsentOutcome.CONSENT_REFUSED;
        return new DeliveryService.Known(Optional.ofNullable(answers.receipt()), consentWithdrawn,
                Optional.ofNullable(answers.cause())
                        .map(cause -> "CORRECTION".equals(cause) ? DeliveryService.CORRECTED
                                : DeliveryService.ENTERED_IN_ERROR),
                answers.heldBack());
    }

    /** The arguments of {@link #sql}, in order, for the dispatch's distinct {@code subjects}. */
    static List<Object> arguments(BrokerHeaders.Dispatch dispatch, List<String> subjects, boolean consentApplies) {
        List<Object> args = new ArrayList<>(List.of(dispatch.trackingId(), dispatch.recipient(),
                dispatch.generation(), dispatch.trackingId()));
        args.addAll(DispatchOrder.earlierPendingArguments(dispatch.trackingId(), dispatch.recipient(),
                dispatch.generation(), subjects));
        if (consentApplies) {
            args.addAll(subjects);
        }
        return args;
    }

    /**
     * The statement for a dispatch about {@code subjects} distinct subjects, joined to their
     * consents when {@code consentApplies}.
     */
    static String sql(int subjects, boolean consentApplies) {
        String heldBack = subjects == 0 ? "0"
                : "CASE WHEN " + DispatchOrder.earlierPending(subjects) + " THEN 1 ELSE 0 END";
        String consentJoin = consentApplies
                ? "c.subject_pseudonym IN (" + String.join(", ", Collections.nCopies(subjects, "?")) + ")"
                : "1 = 0";
        return "SELECT " + DELIVERED + ",\n" + TAKEN_BACK + ",\n" + heldBack + ",\n" + CONSENT_COLUMNS
                + "\nFROM (SELECT 1 AS x) g LEFT JOIN consent_record c ON " + consentJoin;
    }

    private record Answers(String receipt, String cause, boolean heldBack) {
    }
}
