package org.junction.security.governance.routing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which partners serve a subject's area: postcode district (outward code, e.g. {@code NR1}) to the
 * council and MASH partners covering it, and registered GP practice (ODS code) to the practice's partner.
 *
 * @param byPostcodeDistrict district to partner ids (any kinds; the resolver picks by kind)
 * @param byPractice         ODS practice code to partner id
 */
public record AreaRouting(Map<String, List<String>> byPostcodeDistrict, Map<String, String> byPractice) {

    public AreaRouting {
        byPostcodeDistrict = byPostcodeDistrict.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> normalise(e.getKey()), e -> List.copyOf(e.getValue())));
        byPractice = byPractice.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> normalise(e.getKey()), Map.Entry::getValue));
    }

    public List<String> forDistrict(String district) {
        return district == null ? List.of() : byPostcodeDistrict.getOrDefault(normalise(district), List.of());
    }

    /** The partner for a practice, or null when the table does not know the practice. */
    public String forPractice(String odsCode) {
        return odsCode == null ? null : byPractice.get(normalise(odsCode));
    }

    private static String normalise(String code) {
        return code.strip().toUpperCase(Locale.ROOT);
    }
}
