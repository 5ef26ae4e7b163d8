package org.junction.security.governance.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The legal bases a flow relies on, as codes. Consent is never assumed to be the Art 6 basis: the
 * flow's Art 6 code is recorded whatever the basis kind of a decision.
 *
 * @param art6              e.g. {@code 6(1)(e)}; required
 * @param art9              special category condition, e.g. {@code 9(2)(g)+DPA2018-Sch1-para18}; null when none
 * @param art10             criminal offence condition; null when none
 * @param part3             DPA 2018 Part 3 provision for a competent authority; null when none
 * @param statutoryGateways e.g. {@code CA2004-s11}, {@code CareAct2014-s42}
 * @param commonLaw         the common-law duty of confidence basis
 */
public record LawfulBasis(String art6, String art9, String art10, String part3, List<String> statutoryGateways,
                          CommonLaw commonLaw) {

    public enum CommonLaw { CONSENT, OVERRIDING_PUBLIC_INTEREST, STATUTE, LEGAL_REQUIREMENT }

    public LawfulBasis {
        Objects.requireNonNull(art6, "art6");
        Objects.requireNonNull(commonLaw, "commonLaw");
        statutoryGateways = List.copyOf(statutoryGateways);
    }

    /** Every code, in the order art6, art9, art10, part3, gateways, common law: what a decision records. */
    public List<String> codes() {
        List<String> codes = new ArrayList<>();
        codes.add(art6);
        if (art9 != null) {
            codes.add(art9);
        }
        if (art10 != null) {
            codes.add(art10);
        }
        if (part3 != null) {
            codes.add(part3);
        }
        codes.addAll(statutoryGateways);
        codes.add("common-law:" + commonLaw.name());
        return List.copyOf(codes);
    }
}
