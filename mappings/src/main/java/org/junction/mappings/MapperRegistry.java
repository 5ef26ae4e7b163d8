package org.junction.mappings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junction.mappings.council.CouncilReferralCsvRenderer;
import org.junction.mappings.council.CouncilReferralJsonMapper;
import org.junction.mappings.council.CouncilReferralJsonRenderer;
import org.junction.mappings.fhir.bars.BarsBundleMapper;
import org.junction.mappings.fhir.bars.BarsBundleRenderer;
import org.junction.mappings.fhir.bars.FhirFeedbackMapper;
import org.junction.mappings.highdemand.PoliceHighDemandCsvMapper;
import org.junction.mappings.mash.MashOutcomeJsonMapper;
import org.junction.mappings.mash.MashReferralJsonRenderer;
import org.junction.mappings.police.PoliceReferralJsonMapper;
import org.junction.mappings.police.PoliceReferralXmlMapper;
import org.junction.mappings.volunteer.VolunteerOutcomeJsonMapper;
import org.junction.mappings.volunteer.VolunteerStepdownJsonMapper;

/**
 * The mappers known to the hub, by format id, one registry per direction: a format may be read
 * and written under the same id ({@code council-referral-json-v1}). Immutable, so it can be
 * shared freely.
 */
public final class MapperRegistry {

    private final Map<String, InboundMapper> inbound;
    private final Map<String, OutboundMapper> outbound;
    private final Map<String, BulkInboundMapper> bulk;

    public MapperRegistry(List<? extends InboundMapper> inbound, List<? extends OutboundMapper> outbound,
                          List<? extends BulkInboundMapper> bulk) {
        this.inbound = byId(inbound, InboundMapper::id);
        this.outbound = byId(outbound, OutboundMapper::id);
        this.bulk = byId(bulk, BulkInboundMapper::id);
    }

    public MapperRegistry(List<? extends InboundMapper> inbound) {
        this(inbound, List.of(), List.of());
    }

    /** Every format the hub ships. */
    public static MapperRegistry standard() {
        return new MapperRegistry(
                List.of(new PoliceReferralJsonMapper(), new PoliceReferralXmlMapper(), new CouncilReferralJsonMapper(),
                        new MashOutcomeJsonMapper(), new BarsBundleMapper(), new FhirFeedbackMapper(),
                        new VolunteerOutcomeJsonMapper()),
                List.of(new CouncilReferralJsonRenderer(), new CouncilReferralCsvRenderer(), new MashReferralJsonRenderer(),
                        new BarsBundleRenderer(), new VolunteerStepdownJsonMapper()),
                List.of(new PoliceHighDemandCsvMapper()));
    }

    public Optional<InboundMapper> find(String id) {
        return Optional.ofNullable(id).map(inbound::get);
    }

    public Optional<OutboundMapper> findOutbound(String id) {
        return Optional.ofNullable(id).map(outbound::get);
    }

    public Optional<BulkInboundMapper> findBulk(String id) {
        return Optional.ofNullable(id).map(bulk::get);
    }

    public Set<String> ids() {
        return inbound.keySet();
    }

    public Set<String> outboundIds() {
        return outbound.keySet();
    }

    public Set<String> bulkIds() {
        return bulk.keySet();
    }

    private static <M> Map<String, M> byId(List<? extends M> mappers, Function<M, String> id) {
        Map<String, M> map = new LinkedHashMap<>();
        for (M mapper : mappers) {
            if (map.putIfAbsent(id.apply(mapper), mapper) != null) {
                throw new IllegalArgumentException("two mappers claim the id " + id.apply(mapper));
            }
        }
        return Map.copyOf(map);
    }
}
