package org.junction.mappings.labels;

import static org.junction.mappings.fhir.JunctionSystems.GSCP_CLASSIFICATION;
import static org.junction.mappings.fhir.JunctionSystems.HANDLING_CAVEAT;
import static org.junction.mappings.fhir.JunctionSystems.RESTRICTED_DISCLOSURE;
import static org.junction.mappings.fhir.JunctionSystems.V3_ACT_CODE;
import static org.junction.mappings.fhir.JunctionSystems.V3_ACT_REASON;
import static org.junction.mappings.fhir.JunctionSystems.V3_CONFIDENTIALITY;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.canonical.ReferralModel.Classification;
import org.junction.mappings.codes.CodeTables;

/**
 * The security labels of a canonical referral, written to {@code meta.security} of the Bundle and
 * of every resource in it, so a resource copied out of the Bundle keeps its marking:
 * <ul>
 *   <li>the GSCP marking and its descriptors (hub code system {@code gscp-classification});</li>
 *   <li>v3 Confidentiality: {@code R} for OFFICIAL-SENSITIVE, {@code N} for OFFICIAL, because
 *       generic FHIR tooling understands that and not GSCP;</li>
 *   <li>v3-ActCode sensitivity codes derived from the concerns through the ConceptMap
 *       {@value #SENSITIVITY_MAP};</li>
 *   <li>the purpose of use (v3-ActReason);</li>
 *   <li>{@code RESTRICTED_DISCLOSURE} (hub code system {@code handling-caveat}) when the sender
 *       asks that the disclosure be withheld from subject access responses.</li>
 * </ul>
 *
 * <p>Markings aggregate: the highest marking of any part is the marking of the whole, so one
 * OFFICIAL-SENSITIVE resource makes the Bundle and every resource in it OFFICIAL-SENSITIVE.
 */
public final class SecurityLabels {

    public static final String OFFICIAL = "OFFICIAL";
    public static final String OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE";
    /** The ConceptMap from hub concern codes to v3-ActCode sensitivity codes. */
    public static final String SENSITIVITY_MAP = "concern-to-sensitivity";

    // Lowest first: a marking's index is its rank.
    private static final List<String> MARKINGS = List.of(OFFICIAL, OFFICIAL_SENSITIVE);

    private SecurityLabels() {
    }

    /**
     * Replaces the security labels of the Bundle and of each of its resources with those of the
     * referral, raising the marking first to the highest one any part of the Bundle already carries.
     *
     * @throws IllegalArgumentException when the model's marking is not OFFICIAL or OFFICIAL-SENSITIVE
     */
    public static void apply(Bundle bundle, ReferralModel model) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(model, "model");
        Classification own = model.classification();
        String marking = higher(rank(own.marking()), highestMarking(bundle));
        List<Coding> labels = labels(new Classification(marking, own.descriptors()), model.concerns(),
                model.purpose(), model.restrictedDisclosure());
        set(bundle.getMeta(), labels);
        for (Resource resource : resources(bundle).toList()) {
            set(resource.getMeta(), labels);
        }
    }

    /**
     * The labels of a referral in the order they are written: marking, descriptors,
     * confidentiality, sensitivities, purpose of use, restricted disclosure.
     */
    public static List<Coding> labels(Classification classification, List<String> concerns, String purpose,
                                      boolean restrictedDisclosure) {
        rank(classification.marking());
        List<Coding> labels = new ArrayList<>();
        labels.add(new Coding(GSCP_CLASSIFICATION, classification.marking(), null));
        for (String descriptor : classification.descriptors()) {
            labels.add(new Coding(GSCP_CLASSIFICATION, descriptor, null));
        }
        labels.add(new Coding(V3_CONFIDENTIALITY, confidentiality(classification.marking()), null));
        for (String sensitivity : sensitivities(concerns)) {
            labels.add(new Coding(V3_ACT_CODE, sensitivity, null));
        }
        if (purpose != null) {
            labels.add(new Coding(V3_ACT_REASON, purpose, null));
        }
        if (restrictedDisclosure) {
            labels.add(new Coding(HANDLING_CAVEAT, RESTRICTED_DISCLOSURE, null));
        }
        return labels;
    }

    /** v3 Confidentiality code of a marking: {@code R} for OFFICIAL-SENSITIVE, {@code N} otherwise. */
    public static String confidentiality(String marking) {
        return OFFICIAL_SENSITIVE.equals(marking) ? "R" : "N";
    }

    /** The distinct sensitivity codes the concerns call for, in the order of the concerns. */
    public static List<String> sensitivities(List<String> concerns) {
        Set<String> codes = new LinkedHashSet<>();
        for (String concern : concerns) {
            CodeTables.translate(SENSITIVITY_MAP, concern).ifPresent(codes::add);
        }
        return List.copyOf(codes);
    }

    /**
     * The marking of the whole Bundle: the highest GSCP marking on the Bundle or any resource in
     * it, or null when nothing is marked.
     */
    public static String highestMarking(Bundle bundle) {
        int highest = Stream.concat(Stream.of(bundle.getMeta()), resources(bundle).map(Resource::getMeta))
                .flatMap(meta -> meta.getSecurity().stream())
                .filter(c -> GSCP_CLASSIFICATION.equals(c.getSystem()))
                .mapToInt(c -> MARKINGS.indexOf(c.getCode()))
                .max()
                .orElse(-1);
        return highest < 0 ? null : MARKINGS.get(highest);
    }

    /**
     * The classification a Bundle carries: its aggregated marking, and the descriptors on the
     * Bundle and its resources in first-seen order.
     *
     * @throws IllegalArgumentException when nothing in the Bundle carries a GSCP marking
     */
    public static Classification classificationOf(Bundle bundle) {
        String marking = highestMarking(bundle);
        if (marking == null) {
            throw new IllegalArgumentException("the Bundle carries no GSCP marking");
        }
        Set<String> descriptors = new LinkedHashSet<>();
        Stream.concat(Stream.of(bundle.getMeta()), resources(bundle).map(Resource::getMeta))
                .flatMap(meta -> meta.getSecurity().stream())
                .filter(c -> GSCP_CLASSIFICATION.equals(c.getSystem()) && c.hasCode() && !MARKINGS.contains(c.getCode()))
                .forEach(c -> descriptors.add(c.getCode()));
        return new Classification(marking, List.copyOf(descriptors));
    }

    /** Whether the Bundle carries the restricted-disclosure caveat. */
    public static boolean restrictedDisclosure(Bundle bundle) {
        return bundle.getMeta().getSecurity().stream()
                .anyMatch(c -> HANDLING_CAVEAT.equals(c.getSystem()) && RESTRICTED_DISCLOSURE.equals(c.getCode()));
    }

    /** Whether {@code marking} is one the hub knows. */
    public static boolean isMarking(String marking) {
        return MARKINGS.contains(marking);
    }

    private static int rank(String marking) {
        int rank = MARKINGS.indexOf(marking);
        if (rank < 0) {
            throw new IllegalArgumentException("a referral's marking must be OFFICIAL or OFFICIAL-SENSITIVE");
        }
        return rank;
    }

    private static String higher(int rank, String other) {
        return other == null ? MARKINGS.get(rank) : MARKINGS.get(Math.max(rank, MARKINGS.indexOf(other)));
    }

    private static void set(Meta meta, List<Coding> labels) {
        meta.getSecurity().clear();
        for (Coding label : labels) {
            meta.addSecurity(label.copy());
        }
    }

    private static Stream<Resource> resources(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Objects::nonNull);
    }
}
