package org.junction.hub.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.IntakeService;
import org.junction.console.scope.Visibility;
import org.junction.routes.deadletter.DeadLetters;
import org.junction.routes.decide.HeldDecisionStore;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerReader;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.identity.Person;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the hub still holds of one referral's payload, for an IG lead who gives a reason: held
 * referrals waiting for a decision (the minimised payload the recipient would get), dispatches not
 * yet relayed from the outbox, and dead letters (where they are only: they sit on the broker).
 * Delivered copies are not kept, so after delivery there is nothing to show.
 *
 * <p>Every view that passed the role check and carries a reason is a BODY_VIEWED ledger event,
 * also when the referral is outside the person's scope or nothing is held. The reason is sealed
 * in {@code payload_view_reason}, bound to the event; the ledger gets only a digest of it.
 */
public class PayloadViews {

    /** Where a copy is. */
    public enum Location { HELD, QUEUED, DEAD_LETTER }

    /**
     * @param recipient the partner the copy is for; null for the referral as received, waiting for the decide step
     * @param payload   the FHIR Bundle as held; null for a dead letter, which only the broker holds
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Copy(Location location, String recipient, Integer generation, String reasonCode,
                       Instant since, @JsonRawValue String payload) {
    }

    public enum Outcome { SHOWN, NONE_HELD, OUT_OF_SCOPE }

    /** @param eventId the BODY_VIEWED ledger event that records this view */
    public record View(Outcome outcome, UUID trackingId, UUID eventId, List<Copy> copies) {
    }

    private static final Logger log = LoggerFactory.getLogger(PayloadViews.class);

    private final JdbcTemplate jdbc;
    private final HeldDecisionStore held;
    private final Supplier<List<DeadLetters.Entry>> deadLetters;
    private final Visibility visibility;
    private final LedgerReader timeline;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public PayloadViews(JdbcTemplate jdbc, HeldDecisionStore held, Supplier<List<DeadLetters.Entry>> deadLetters,
                        Visibility visibility, LedgerReader timeline, EnvelopeCipher cipher, LedgerWriter ledger,
                        TransactionTemplate transactions, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.held = Objects.requireNonNull(held);
        this.deadLetters = Objects.requireNonNull(deadLetters);
        this.visibility = Objects.requireNonNull(visibility);
        this.timeline = Objects.requireNonNull(timeline);
        this.cipher = Objects.requireNonNull(cipher);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** What the associated data of a sealed reason is: it opens only as this view's. */
    public static byte[] reasonAad(UUID eventId) {
        return ("payload-view|" + eventId + "|reason").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What the ledger records of a reason: SHA-256 over the event id and the sealed words, in hex.
     * Over the sealed form, not the words, so that nobody can confirm a guessed reason against the
     * ledger; it still binds the kept reason to its event, which an altered row would no longer match.
     */
    public static String reasonDigest(UUID eventId, byte[] sealedReason) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((eventId + "|").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(sealedReason));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * A person who sees the sender sees every copy; one who sees only a recipient sees the copies
     * on their way to that recipient, and only once the decision let them go there: a recipient the
     * decision denied, or still holds for a decision-maker, has been sent nothing and learns nothing
     * here (as for referral status).
     *
     * @param reason why, in the person's words (already checked for length): sealed, never logged
     */
    public View view(UUID trackingId, String reason, Person viewer) {
        String sender = visibility.senderOf(trackingId).orElse(null);
        boolean senderSide = sender != null && (Visibility.hubWide(viewer) || visibility.sees(viewer, sender));
        Set<String> recipientSide = new LinkedHashSet<>();
        if (sender != null && !senderSide) {
            LedgerReader.recipientStatuses(timeline.timeline(trackingId)).forEach((recipient, status) -> {
                if (!"DENIED".equals(status) && !"HELD".equals(status) && visibility.sees(viewer, recipient)) {
                    recipientSide.add(recipient);
                }
            });
        }
        boolean inScope = senderSide || !recipientSide.isEmpty();
        List<Copy> copies = new ArrayList<>();
        Set<String> pseudonyms = new LinkedHashSet<>();
        if (inScope) {
            collect(trackingId, copy -> senderSide
                    || (copy.location() != Location.HELD && recipientSide.contains(copy.recipient())), copies, pseudonyms);
        }
        Outcome outcome = !inScope ? Outcome.OUT_OF_SCOPE : copies.isEmpty() ? Outcome.NONE_HELD : Outcome.SHOWN;
        UUID eventId = UUID.randomUUID();
        Instant now = clock.instant();
        byte[] sealedReason = cipher.seal(reason.getBytes(StandardCharsets.UTF_8), reasonAad(eventId));
        // The sender is left out of a refused view's event: it records only that someone asked.
        LedgerEvent event = new LedgerEvent(eventId, null, LedgerEventType.BODY_VIEWED, now, viewer.id(), trackingId,
                inScope ? sender : null, recipientSide.size() == 1 ? recipientSide.iterator().next() : null, null,
                outcome.name(), reasonDigest(eventId, sealedReason), 1, List.copyOf(pseudonyms));
        transactions.executeWithoutResult(tx -> {
            jdbc.update("""
                    INSERT INTO payload_view_reason (event_id, tracking_id, viewed_by, viewed_at, reason)
                    VALUES (?, ?, ?, ?, ?)""", eventId, trackingId, viewer.id(), OffsetDateTime.ofInstant(now,
                    ZoneOffset.UTC), sealedReason);
            ledger.record(event);
        });
        log.info("Payload view {} of referral {} by {}: {} ({} copies)", eventId, trackingId, viewer.id(), outcome,
                copies.size());
        return new View(outcome, trackingId, eventId, copies);
    }

    /** Opens only the copies {@code shown} admits: a copy the person may not see is never decrypted. */
    private void collect(UUID trackingId, Predicate<Copy> shown, List<Copy> copies, Set<String> pseudonyms) {
        for (HeldDecisionStore.Held item : held.pending()) {
            if (item.trackingId().equals(trackingId)
                    && shown.test(new Copy(Location.HELD, item.recipient(), null, null, null, null))) {
                String payload = new String(cipher.open(item.minimisedPayload(),
                        HeldDecisionStore.minimisedAad(item.id())), StandardCharsets.UTF_8);
                copies.add(new Copy(Location.HELD, item.recipient(), item.generation(), item.reasonCode(),
                        item.waitingSince(), payload));
                pseudonyms.addAll(item.pseudonyms());
            }
        }
        jdbc.query("""
                SELECT recipient_partner_id, generation, subject_pseudonyms, payload, created_at FROM outbox
                WHERE tracking_id = ? ORDER BY id""", rs -> {
            String recipient = rs.getString(1);
            if (!shown.test(new Copy(Location.QUEUED, recipient, null, null, null, null))) {
                return;
            }
            byte[] aad = recipient == null ? IntakeService.associatedData(trackingId)
                    : IntakeService.associatedData(trackingId, recipient);
            copies.add(new Copy(Location.QUEUED, recipient, rs.getInt(2), null,
                    rs.getObject(5, OffsetDateTime.class).toInstant(),
                    new String(cipher.open(rs.getBytes(4), aad), StandardCharsets.UTF_8)));
            pseudonyms.addAll(BrokerHeaders.splitSubjects(rs.getString(3)));
        }, trackingId);
        for (DeadLetters.Entry entry : deadLetters.get()) {
            Copy where = new Copy(Location.DEAD_LETTER, entry.recipient(), entry.generation(), entry.reasonCode(),
                    entry.deadLetteredAt(), null);
            if (trackingId.equals(entry.trackingId()) && shown.test(where)) {
                copies.add(where);
            }
        }
    }
}
