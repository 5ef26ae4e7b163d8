package org.junction.routes.deliver;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.BundleHandOff;
import org.junction.adapters.intake.BundleHandOffs;
import org.junction.adapters.intake.IntakeService;
import org.junction.mappings.fhir.Fhir;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bookkeeping of the deliver stage: what has been confirmed delivered (so a redelivered dispatch
 * message is not sent again), and the DELIVERED / DELIVERY_FAILED ledger events.
 */
public class DeliveryService {

    /** Why a dispatch of a referral its sender marked entered-in-error was not sent. */
    public static final String ENTERED_IN_ERROR = "ENTERED_IN_ERROR";
    /** Why a dispatch of a referral replaced by a corrected version was not sent. */
    public static final String CORRECTED = "CORRECTED";

    private final JdbcTemplate jdbc;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final DispatchOrder order;
    private final DispatchGate gate;
    private final BundleHandOff handOff;
    private final Clock clock;

    /** @param handOff the minimised Bundles the decide stage of this node sealed into dispatches */
    public DeliveryService(JdbcTemplate jdbc, EnvelopeCipher cipher, LedgerWriter ledger,
                           TransactionTemplate transactions, DispatchOrder order, BundleHandOff handOff, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.cipher = Objects.requireNonNull(cipher);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.order = Objects.requireNonNull(order);
        this.handOff = Objects.requireNonNull(handOff);
        this.clock = Objects.requireNonNull(clock);
        this.gate = new DispatchGate(jdbc, clock);
    }

    /**
     * The bundle a dispatch envelope holds: it opens only for that referral and that recipient. The
     * decide stage of this node hands over the Bundle it sealed into this very envelope, when it
     * still holds it, and there is then nothing to open or parse.
     */
    public Bundle open(BrokerHeaders.Dispatch dispatch, byte[] envelope) {
        var handed = handOff.take(BundleHandOffs.dispatchKey(dispatch.trackingId(), dispatch.recipient(),
                dispatch.generation()), envelope);
        if (handed.isPresent()) {
            return handed.get();
        }
        byte[] json = open(dispatch.trackingId(), dispatch.recipient(), envelope);
        return Fhir.parseBundle(new String(json, StandardCharsets.UTF_8));
    }

    /**
     * What is already known of a dispatch as it is taken from its queue, in one statement (see
     * {@link DispatchGate}).
     */
    public Known known(BrokerHeaders.Dispatch dispatch) {
        return gate.read(dispatch);
    }

    /**
     * @param deliveredResponseId the recipient's receipt, if this generation was delivered
     * @param consentWithdrawn    whether the subject has, since the decision, refused or withdrawn
     *                            consent for this recipient and purpose: the latest consent on
     *                            record says no. A dispatch decided on a referral's own consent, for
     *                            a subject with nothing on record, is not affected.
     * @param takenBack           {@code ENTERED_IN_ERROR}, or {@code CORRECTED} when a corrected
     *                            version replaces the referral, if its sender took it back
     * @param heldBack            whether an earlier dispatch to the same recipient about the same
     *                            subject is still pending and must go first
     */
    public record Known(Optional<String> deliveredResponseId, boolean consentWithdrawn, Optional<String> takenBack,
                        boolean heldBack) {
    }

    /** Records that a dispatch was not sent because consent was withdrawn before it left. */
    public void recordCancelled(BrokerHeaders.Dispatch dispatch) {
        recordCancelled(dispatch, "CONSENT_WITHDRAWN");
    }

    /** Records that a dispatch was not sent, and why (a reason code). */
    public void recordCancelled(BrokerHeaders.Dispatch dispatch, String reasonCode) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            ledger.record(event(LedgerEventType.DELIVERY_CANCELLED, dispatch, "CANCELLED", reasonCode, now));
            order.done(dispatch.trackingId(), dispatch.recipient(), dispatch.generation());
        });
    }

    /** Whether the recipient has confirmed any generation of this referral. */
    public boolean deliveredInAnyGeneration(UUID trackingId, String recipient) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE tracking_id = ? AND recipient_partner_id = ?",
                Integer.class, trackingId, recipient);
        return n != null && n > 0;
    }

    /** Opens a dispatch envelope taken from a dead-letter queue. */
    public byte[] open(UUID trackingId, String recipient, byte[] envelope) {
        return cipher.open(envelope, IntakeService.associatedData(trackingId, recipient));
    }

    public void recordDelivered(BrokerHeaders.Dispatch dispatch, String responseId) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            // Recorded once: a delivery already on record (a redelivered dispatch's) is left as it is.
            int recorded = jdbc.update("""
                    INSERT INTO delivery (tracking_id, recipient_partner_id, generation, response_id, delivered_at)
                    SELECT ?, ?, ?, ?, ?
                    WHERE NOT EXISTS (SELECT 1 FROM delivery
                        WHERE tracking_id = ? AND recipient_partner_id = ? AND generation = ?)""",
                    dispatch.trackingId(), dispatch.recipient(), dispatch.generation(), responseId,
                    OffsetDateTime.ofInstant(now, ZoneOffset.UTC), dispatch.trackingId(), dispatch.recipient(),
                    dispatch.generation());
            if (recorded == 0) {
                return;
            }
            ledger.record(event(LedgerEventType.DELIVERED, dispatch, "DELIVERED", null, now));
            order.done(dispatch.trackingId(), dispatch.recipient(), dispatch.generation());
        });
    }

    public void recordFailed(BrokerHeaders.Dispatch dispatch, String reasonCode) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            ledger.record(event(LedgerEventType.DELIVERY_FAILED, dispatch, "FAILED", reasonCode, now));
            order.done(dispatch.trackingId(), dispatch.recipient(), dispatch.generation());
        });
    }

    private static LedgerEvent event(LedgerEventType type, BrokerHeaders.Dispatch d, String outcome, String reason, Instant at) {
        return LedgerEvent.forReferral(type, d.trackingId(), "hub", d.sender(), d.recipient(), d.purpose(), outcome,
                reason, d.generation(), d.subjectPseudonyms(), at);
    }
}
