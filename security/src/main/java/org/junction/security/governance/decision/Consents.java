package org.junction.security.governance.decision;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junction.security.consent.ConsentRecord;
import org.junction.security.consent.ConsentRecord.Provision;
import org.junction.security.consent.ConsentRecord.Status;
import org.junction.security.governance.agreement.Recipient;

/**
 * Reads a subject's consents for one recipient and purpose. Newest first: a refusal recorded
 * after an agreement withdraws it, a permit made inactive is withdrawn, and a fresh agreement
 * overrides an older refusal. A consent's recipients may name the partner or its organisation.
 */
public final class Consents {

    // On the same instant a refusal or withdrawal comes first: doubt is resolved towards not sharing.
    private static final Comparator<ConsentRecord> NEWEST_FIRST = Comparator.comparing(ConsentRecord::recordedAt)
            .thenComparing(c -> c.provision() == Provision.DENY || c.status() == Status.INACTIVE)
            .reversed();

    private Consents() {
    }

    public static ConsentState state(List<ConsentRecord> consents, Recipient recipient, String purpose, Instant at) {
        List<ConsentRecord> relevant = consents.stream()
                .filter(c -> c.status() == Status.ACTIVE || c.status() == Status.INACTIVE)
                .filter(c -> !c.recordedAt().isAfter(at))
                .filter(c -> c.purposes().isEmpty() || c.purposes().contains(purpose))
                .filter(c -> c.recipients().isEmpty() || c.recipients().contains(recipient.partnerId())
                        || c.recipients().contains(recipient.organisation()))
                .sorted(NEWEST_FIRST)
                .toList();
        ConsentState outsidePeriod = null;
        for (int i = 0; i < relevant.size(); i++) {
            ConsentRecord c = relevant.get(i);
            if (c.status() == Status.INACTIVE) {
                if (c.provision() == Provision.PERMIT) {
                    return new ConsentState(ConsentState.Status.WITHDRAWN, c.id());
                }
                continue; // a refusal no longer in effect says nothing either way
            }
            if (c.provision() == Provision.DENY) {
                boolean agreedBefore = relevant.subList(i + 1, relevant.size()).stream()
                        .anyMatch(earlier -> earlier.provision() == Provision.PERMIT);
                return new ConsentState(agreedBefore ? ConsentState.Status.WITHDRAWN : ConsentState.Status.REFUSED,
                        c.id());
            }
            if (c.covers(recipient.partnerId(), purpose, at) || c.covers(recipient.organisation(), purpose, at)) {
                return new ConsentState(ConsentState.Status.GIVEN, c.id());
            }
            // A newer permit outside its period (not yet started, or lapsed) leaves an older one standing.
            if (outsidePeriod == null) {
                outsidePeriod = new ConsentState(ConsentState.Status.OUTSIDE_PERIOD, c.id());
            }
        }
        if (outsidePeriod != null) {
            return outsidePeriod;
        }
        // Nothing relevant, so any permit for this purpose already recorded names other recipients.
        boolean forOthers = consents.stream().anyMatch(c -> c.status() == Status.ACTIVE
                && c.provision() == Provision.PERMIT && !c.recordedAt().isAfter(at)
                && (c.purposes().isEmpty() || c.purposes().contains(purpose)));
        return new ConsentState(forOthers ? ConsentState.Status.OTHER_RECIPIENT : ConsentState.Status.NONE, null);
    }
}
