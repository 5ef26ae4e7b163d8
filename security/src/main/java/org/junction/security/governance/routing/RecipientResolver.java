package org.junction.security.governance.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.security.governance.agreement.AgreementRegistry.AgreementFlow;
import org.junction.security.governance.agreement.Flow;
import org.junction.security.governance.agreement.Recipient;
import org.junction.security.governance.agreement.RecipientKind;
import org.junction.security.governance.minimise.Minimiser;

/**
 * Works out who a referral goes to: from its purpose and type, an optional recipient kind or
 * specific recipient the sender asked for, the flows in force, and the area routing table.
 * Councils and MASHes are chosen by the subject's postcode district, GP practices by the
 * subject's registered practice; other kinds go to the partners flows name.
 *
 * <p>A specific recipient the sender names that does not serve the subject's area is returned as
 * misdirected: the decision holds it ({@code MISDIRECTION_SUSPECTED}) rather than send it to the
 * wrong council or practice. When the area is unknown, or the table does not cover it, nothing
 * can be checked and the named recipient stands.
 */
public final class RecipientResolver {

    /** What the sender asked for. Both kind and partner null: every recipient the flows allow. */
    public record Request(String sender, String purpose, String referralType, RecipientKind kind, String partnerId) {
        public Request {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(referralType, "referralType");
        }
    }

    /**
     * @param recipients  the recipients to decide for, in a stable order
     * @param misdirected named recipients that do not serve the subject's area (decide them as misdirection suspected)
     * @param unknown     a named partner id that is not configured at all, or null
     */
    public record Resolution(List<Recipient> recipients, List<Recipient> misdirected, String unknown) {
        public Resolution {
            recipients = List.copyOf(recipients);
            misdirected = List.copyOf(misdirected);
        }
    }

    private RecipientResolver() {
    }

    /**
     * @param flowsInForce the flows of agreements in force today
     * @param partners     configured recipient partners by id
     */
    public static Resolution resolve(Request request, ReferralModel referral, List<AgreementFlow> flowsInForce,
                                     Map<String, Recipient> partners, AreaRouting routing) {
        String district = Minimiser.postcodeDistrict(referral.subject().addresses());
        String practice = referral.subject().gpOdsCode();
        if (request.partnerId() != null) {
            Recipient named = partners.get(request.partnerId());
            if (named == null) {
                return new Resolution(List.of(), List.of(), request.partnerId());
            }
            return servesArea(named, district, practice, partners, routing)
                    ? new Resolution(List.of(named), List.of(), null)
                    : new Resolution(List.of(), List.of(named), null);
        }
        List<AgreementFlow> flows = flowsInForce.stream()
                .filter(af -> af.flow().carries(request.sender(), request.purpose(), request.referralType()))
                .toList();
        Set<Recipient> found = new LinkedHashSet<>();
        for (AgreementFlow af : flows) {
            Flow flow = af.flow();
            if (flow.toPartner() != null) {
                Recipient recipient = partners.get(flow.toPartner());
                if (recipient != null && af.reaches(recipient)
                        && (request.kind() == null || recipient.kind() == request.kind())
                        && servesArea(recipient, district, practice, partners, routing)) {
                    found.add(recipient);
                }
            } else if (request.kind() == null || flow.toKind() == request.kind()) {
                byArea(flow.toKind(), district, practice, partners, routing).stream().filter(af::reaches)
                        .forEach(found::add);
            }
        }
        return new Resolution(new ArrayList<>(found), List.of(), null);
    }

    /** Partners of a kind serving the subject's area. */
    private static List<Recipient> byArea(RecipientKind kind, String district, String practice,
                                          Map<String, Recipient> partners, AreaRouting routing) {
        List<String> ids = new ArrayList<>(routing.forDistrict(district));
        String gp = routing.forPractice(practice);
        if (gp != null) {
            ids.add(gp);
        }
        return ids.stream().distinct().map(partners::get).filter(Objects::nonNull).filter(r -> r.kind() == kind).toList();
    }

    /**
     * Whether the recipient serves the subject's area, as far as the table can say: councils and
     * MASHes by district, GP practices by registered practice. Other kinds serve everywhere.
     */
    static boolean servesArea(Recipient recipient, String district, String practice, Map<String, Recipient> partners,
                              AreaRouting routing) {
        return switch (recipient.kind()) {
            case COUNCIL, MASH -> {
                List<String> sameKind = routing.forDistrict(district).stream()
                        .filter(id -> partners.containsKey(id) && partners.get(id).kind() == recipient.kind())
                        .toList();
                yield sameKind.isEmpty() || sameKind.contains(recipient.partnerId());
            }
            case HEALTH -> {
                String gp = routing.forPractice(practice);
                yield gp == null || gp.equals(recipient.partnerId());
            }
            default -> true;
        };
    }
}
