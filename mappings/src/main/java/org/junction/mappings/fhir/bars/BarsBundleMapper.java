package org.junction.mappings.fhir.bars;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.fhir.validation.FhirValidator;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * Maps a BaRS-style FHIR R4 message Bundle from a health partner (GP, hospital, community trust)
 * into the hub's canonical referral Bundle. In order:
 * <ol>
 *   <li>strict parse (JSON or XML): anything that is not FHIR R4 is refused as malformed;</li>
 *   <li>optionally, full instance validation against base R4 and the profiles of a FHIR package
 *       (a {@link FhirValidator} given at construction): its errors are rule violations;</li>
 *   <li>the hub's MessageDefinition, which FHIR validation does not check, and the business rules
 *       (NHS number Modulus 11, hub codes through ConceptMaps, no future birth dates, lengths);</li>
 *   <li>the message read into a {@link org.junction.mappings.canonical.ReferralModel} and the
 *       canonical Bundle built from it, so the partner's own Bundle shape goes no further.</li>
 * </ol>
 * Every violation found is reported at once, named by FHIR path; values are never repeated.
 * Thread-safe and free of I/O once constructed; the validator, when given, is shared.
 */
public final class BarsBundleMapper implements InboundMapper {

    public static final String ID = Bars.MAPPER_ID;

    private final FhirValidator validator;

    /** Structural and business checks only; no profile validation. */
    public BarsBundleMapper() {
        this(null);
    }

    /** @param validator a warmed validator whose errors refuse the message; null for none */
    public BarsBundleMapper(FhirValidator validator) {
        this.validator = validator;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Bundle map(byte[] input, MappingContext ctx) throws MappingException {
        IBaseResource resource = FhirInput.parse(ID, input);
        if (!(resource instanceof Bundle bundle)) {
            throw new MappingException(ID, List.of(Violation.malformed("$", "must be a Bundle")));
        }
        List<Violation> violations = new ArrayList<>();
        if (validator != null) {
            violations.addAll(validator.validate(bundle).toViolations());
        }
        BarsBundleReader.Result read = BarsBundleReader.read(bundle, ctx.receivedAt());
        violations.addAll(read.violations());
        if (!violations.isEmpty()) {
            throw new MappingException(ID, violations.stream().distinct().toList());
        }
        return ReferralBundles.toBundle(read.model(), ctx);
    }
}
