package org.junction.security.audit;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a ledger event says about the footing of a disclosure or a person's action, beyond who,
 * what and when: the fields an IG lead searches, reports to a data subject and exports. Codes and
 * ids only, like the rest of the event: a reason a person typed is never here (at most its digest,
 * in the event's reason code).
 *
 * @param correlationId    the sender's conversation id, or null
 * @param basisKind        the footing of a PERMIT: CONSENT_AGREEMENT, OVERRIDE, VITAL_INTERESTS or STATUTORY_DUTY
 * @param basisCodes       the legal basis codes relied on (Art 6, Art 9, Art 10, DPA Part 3, gateways, common law)
 * @param agreementId      the information sharing agreement, or null
 * @param agreementVersion its version, or null
 * @param flowId           the agreement's flow, or null
 * @param consentId        the consent record that decided the consent state, or null
 * @param decisionId       a recorded decision (override or retrospective record), or null
 * @param decisionMaker    the person who decided, for a decision by a person; null otherwise
 * @param dataCategories   the data categories disclosed (for a PERMIT or a delivery)
 * @param labels           handling labels of what was disclosed, e.g. RESTRICTED_DISCLOSURE
 */
public record LedgerDetails(String correlationId, String basisKind, List<String> basisCodes, String agreementId,
                            Integer agreementVersion, String flowId, UUID consentId, UUID decisionId,
                            String decisionMaker, List<String> dataCategories, List<String> labels) {

    /** No details: the event's own columns say all there is. */
    public static final LedgerDetails NONE =
            new LedgerDetails(null, null, List.of(), null, null, null, null, null, null, List.of(), List.of());

    /** Handling label of a disclosure its source asked to be kept out of subject access reports until released. */
    public static final String RESTRICTED_DISCLOSURE = "RESTRICTED_DISCLOSURE";

    public LedgerDetails {
        basisCodes = List.copyOf(Objects.requireNonNull(basisCodes, "basisCodes"));
        dataCategories = List.copyOf(Objects.requireNonNull(dataCategories, "dataCategories"));
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        for (List<String> codes : List.of(basisCodes, dataCategories, labels)) {
            // Stored space-separated: a code with a space in it could not be read back as itself.
            if (codes.stream().anyMatch(c -> c.isBlank() || c.chars().anyMatch(Character::isWhitespace))) {
                throw new IllegalArgumentException("ledger codes are single words");
            }
        }
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    public LedgerDetails withCorrelationId(String id) {
        return new LedgerDetails(id, basisKind, basisCodes, agreementId, agreementVersion, flowId, consentId,
                decisionId, decisionMaker, dataCategories, labels);
    }

    public LedgerDetails withDecisionMaker(String person) {
        return new LedgerDetails(correlationId, basisKind, basisCodes, agreementId, agreementVersion, flowId,
                consentId, decisionId, person, dataCategories, labels);
    }

    public LedgerDetails withLabels(List<String> handlingLabels) {
        return new LedgerDetails(correlationId, basisKind, basisCodes, agreementId, agreementVersion, flowId,
                consentId, decisionId, decisionMaker, dataCategories, handlingLabels);
    }

    /** The agreement, and nothing else: an approval, say. */
    public static LedgerDetails agreement(String agreementId, int version) {
        return new LedgerDetails(null, null, List.of(), agreementId, version, null, null, null, null, List.of(),
                List.of());
    }

    /** Codes as stored: space-separated in the given order, or null for none. */
    static String joined(List<String> codes) {
        return codes.isEmpty() ? null : String.join(" ", codes);
    }

    static List<String> split(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : List.of(stored.split(" "));
    }
}
