package org.junction.adapters.feedback;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junction.mappings.fhir.bars.FhirFeedbackMapper;
import org.junction.mappings.mash.MashOutcomeJsonMapper;
import org.junction.mappings.volunteer.VolunteerOutcomeJsonMapper;

/**
 * The inbound formats that carry an outcome about a delivered referral rather than a referral, and
 * where in each the referral is named (so a refusal to link can name the field the sender wrote).
 */
public final class OutcomeFormats {

    /** What a {@code rest-json} source may name for {@code POST /api/v1/outcomes}, in the order one is chosen. */
    public static final List<String> REST_JSON = List.of(MashOutcomeJsonMapper.ID, VolunteerOutcomeJsonMapper.ID);
    /** What a {@code fhir-r4} source names for {@code POST /fhir/Task} and {@code POST /fhir/Communication}. */
    public static final String FHIR_FEEDBACK = FhirFeedbackMapper.ID;
    public static final Set<String> ALL = Set.of(MashOutcomeJsonMapper.ID, VolunteerOutcomeJsonMapper.ID, FHIR_FEEDBACK);

    private record Fields(String trackingId, String sourceRef) {
    }

    private static final Map<String, Fields> REFERRAL_FIELDS = Map.of(
            MashOutcomeJsonMapper.ID, new Fields("hubTrackingId", "referrerReference"),
            VolunteerOutcomeJsonMapper.ID, new Fields("referralId", "referralId"),
            FHIR_FEEDBACK, new Fields("basedOn", "basedOn"));

    private OutcomeFormats() {
    }

    public static boolean isOutcome(String mapperId) {
        return ALL.contains(mapperId);
    }

    /** The field of {@code mapperId}'s input that names the referral by tracking id or by the referrer's reference. */
    public static String referralField(String mapperId, boolean byTrackingId) {
        Fields fields = REFERRAL_FIELDS.get(mapperId);
        if (fields == null) {
            return "referral";
        }
        return byTrackingId ? fields.trackingId() : fields.sourceRef();
    }
}
