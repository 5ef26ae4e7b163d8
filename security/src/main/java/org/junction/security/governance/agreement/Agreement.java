package org.junction.security.governance.agreement;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An information sharing agreement as configured in {@code agreements/<id>.yaml}. Immutable; a
 * change is a new version, which every party approves again before it is in force.
 *
 * @param effectiveFrom the first day the agreement may be in force
 * @param reviewDate    when the agreement is due for review (informational)
 * @param expires       the first day it is no longer in force
 */
public record Agreement(String id, int version, AgreementStatus status, String title, Owner owner,
                        List<Party> parties, LocalDate effectiveFrom, LocalDate reviewDate, LocalDate expires,
                        List<Flow> flows, List<ReverseFlow> reverseFlows) {

    public Agreement {
        Objects.requireNonNull(id, "id");
        if (version < 1) {
            throw new IllegalArgumentException("agreement " + id + ": version must be positive");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(owner, "owner");
        parties = List.copyOf(parties);
        if (parties.isEmpty()) {
            throw new IllegalArgumentException("agreement " + id + ": at least one party");
        }
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(reviewDate, "reviewDate");
        Objects.requireNonNull(expires, "expires");
        if (!effectiveFrom.isBefore(expires)) {
            throw new IllegalArgumentException("agreement " + id + ": expires must be after effectiveFrom");
        }
        flows = List.copyOf(flows);
        reverseFlows = List.copyOf(reverseFlows);
    }

    /**
     * Whether the agreement is in force on {@code today}: its file says ACTIVE, every party has
     * approved this exact version, and today is on or after {@code effectiveFrom} and before {@code expires}.
     * Expiry is reported before a missing approval, so senders learn the agreement lapsed.
     */
    public Standing standing(LocalDate today, Set<AgreementApproval> approvals) {
        return switch (status) {
            case DRAFT -> Standing.NOT_ACTIVE;
            case SUSPENDED -> Standing.SUSPENDED;
            case TERMINATED -> Standing.TERMINATED;
            case EXPIRED -> Standing.EXPIRED;
            case ACTIVE -> {
                if (!today.isBefore(expires)) {
                    yield Standing.EXPIRED;
                }
                if (today.isBefore(effectiveFrom)) {
                    yield Standing.NOT_YET_EFFECTIVE;
                }
                yield approvedByEveryParty(approvals) ? Standing.IN_FORCE : Standing.NOT_APPROVED;
            }
        };
    }

    /** Whether every party's organisation has approved this id and version. */
    public boolean approvedByEveryParty(Set<AgreementApproval> approvals) {
        return parties.stream().allMatch(p -> approvals.contains(new AgreementApproval(id, version, p.organisation())));
    }

    /** The parties that have not yet approved this version. */
    public List<Party> awaitingApproval(Set<AgreementApproval> approvals) {
        return parties.stream()
                .filter(p -> !approvals.contains(new AgreementApproval(id, version, p.organisation())))
                .toList();
    }

    /** Days from {@code today} until the agreement lapses (0 on the day it expires, negative after). */
    public long daysUntilExpiry(LocalDate today) {
        return ChronoUnit.DAYS.between(today, expires);
    }

    public Optional<Flow> flow(String flowId) {
        return flows.stream().filter(f -> f.id().equals(flowId)).findFirst();
    }

    /** The reverse flow feedback along {@code flowId} takes; empty means no feedback beyond what the hub itself says. */
    public Optional<ReverseFlow> reverseFlow(String flowId) {
        return reverseFlows.stream().filter(r -> r.flowId().equals(flowId)).findFirst();
    }

    public Optional<Party> party(String organisation) {
        return parties.stream().filter(p -> p.organisation().equals(organisation)).findFirst();
    }
}
