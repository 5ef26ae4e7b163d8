package org.junction.adapters.intake;

import java.util.Optional;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.feedback.OutcomeFormats;
import org.junction.adapters.feedback.OutcomeIntake;
import org.junction.adapters.partner.Partner;
import org.junction.mappings.MapperRegistry;

/**
 * Where source routes (files, broker messages, scheduled feeds) hand what a partner sent: checks
 * that the partner, as configured now, may send in that format, picks its mapper, and stores the
 * referral durably through {@link IntakeService} (an outcome about a delivered referral through
 * {@link OutcomeIntake}). Only after this returns may a source
 * acknowledge or remove what it read.
 */
public class SourceIntake {

    private final ActiveConfig config;
    private final PartnerMappers mappers;
    private final MapperRegistry registry;
    private final IntakeService intake;
    private final OutcomeIntake outcomes;
    private final org.junction.adapters.recall.RecallAcknowledgements recalls;

    /** @param outcomes where outcome formats go; null refuses them (a hub without outcome intake) */
    public SourceIntake(ActiveConfig config, PartnerMappers mappers, MapperRegistry registry, IntakeService intake,
                        OutcomeIntake outcomes) {
        this(config, mappers, registry, intake, outcomes, null);
    }

    /** @param recalls where recipients' acknowledgements of recalls go; null refuses them */
    public SourceIntake(ActiveConfig config, PartnerMappers mappers, MapperRegistry registry, IntakeService intake,
                        OutcomeIntake outcomes, org.junction.adapters.recall.RecallAcknowledgements recalls) {
        this.recalls = recalls;
        this.config = config;
        this.mappers = mappers;
        this.registry = registry;
        this.intake = intake;
        this.outcomes = outcomes;
    }

    public SourceIntake(ActiveConfig config, PartnerMappers mappers, MapperRegistry registry, IntakeService intake) {
        this(config, mappers, registry, intake, null);
    }

    /**
     * A recipient's acknowledgement of a cancellation notice, by the recall id (or the recalled
     * referral's tracking id) the notice carried. A hub without recalls refuses every one.
     */
    public org.junction.adapters.recall.RecallAcknowledgements.Result acknowledgeRecall(String partnerId,
                                                                                      java.util.UUID id,
                                                                                      String channel) {
        if (recalls == null) {
            return org.junction.adapters.recall.RecallAcknowledgements.Result.REFUSED;
        }
        return recalls.acknowledge(partnerId, id, channel);
    }

    /**
     * @throws org.junction.mappings.problem.MappingException the input is malformed: nothing stored
     * @throws IllegalStateException the partner is no longer configured for this format
     */
    public IntakeReceipt accept(String partnerId, String mapperId, String requestId, String correlationId, byte[] body) {
        Partner partner = sender(partnerId, mapperId);
        var mapper = mappers.forPartner(partner, mapperId)
                .orElseThrow(() -> new IllegalStateException("no inbound format " + mapperId));
        var request = new IntakeRequest(requestId, correlationId, mapper, body);
        if (OutcomeFormats.isOutcome(mapperId)) {
            // An outcome about a delivered referral, not a referral: the tracking id answered is the outcome's.
            if (outcomes == null) {
                throw new IllegalStateException("this hub takes no outcomes (" + mapperId + ")");
            }
            var receipt = outcomes.accept(partnerId, request);
            return new IntakeReceipt(receipt.outcomeId(), receipt.duplicate());
        }
        return intake.accept(partnerId, request);
    }

    /** A bulk file, row by row; see {@link IntakeService#acceptBulk}. */
    public BulkIntakeReceipt acceptBulk(String partnerId, String mapperId, String fileId, String correlationId,
                                        byte[] body) {
        sender(partnerId, mapperId);
        var mapper = registry.findBulk(mapperId)
                .orElseThrow(() -> new IllegalStateException("no bulk format " + mapperId));
        return intake.acceptBulk(partnerId, fileId, correlationId, mapper, body);
    }

    public boolean isBulk(String mapperId) {
        return registry.findBulk(mapperId).isPresent();
    }

    private Partner sender(String partnerId, String mapperId) {
        Optional<Partner> partner = config.partners().find(partnerId);
        if (partner.isEmpty() || !partner.get().maySend(mapperId)) {
            throw new IllegalStateException("partner " + partnerId + " is not configured to send " + mapperId);
        }
        return partner.get();
    }
}
