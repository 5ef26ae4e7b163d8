package org.junction.adapters.restjson;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.intake.IntakeReceipt;
import org.junction.adapters.intake.IntakeRequest;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.OutboxStore;
import org.junction.adapters.intake.PartnerMappers;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.partner.PartnerKind;
import org.junction.adapters.protection.InboundSignatures;
import org.junction.mappings.InboundMapper;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerReader;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The partner referral API: police systems post referrals here and follow their status. */
@RestController
@RequestMapping(ReferralController.PATH)
public class ReferralController {

    public static final String PATH = "/api/v1/referrals";
    public static final String POLICE_JSON_MAPPER = "police-referral-json-v1";
    public static final String POLICE_XML_MAPPER = "police-referral-xml-v1";
    /** The formats this API reads: a {@code rest-json} source names one of them. */
    public static final java.util.Set<String> ACCEPTED_FORMATS = java.util.Set.of(POLICE_JSON_MAPPER, POLICE_XML_MAPPER);
    public static final String REQUEST_ID = "X-Request-ID";
    public static final String CORRELATION_ID = "X-Correlation-ID";
    /** The tracking id of an earlier referral of the same sender that this one corrects. */
    public static final String REPLACES = "X-Replaces";
    // Ids end up in database keys and broker headers: keep them short and plain.
    private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private static final java.util.Set<String> NEGATIVE_OUTCOMES = java.util.Set.of("REJECTED", "CANCELLED",
            "UNSUCCESSFUL");

    private final IntakeService intake;
    private final IntakeProperties limits;
    private final OutboxStore requests;
    private final LedgerReader ledger;
    private final PartnerMappers mappers;
    private final ActiveConfig config;

    public ReferralController(IntakeService intake, IntakeProperties limits, OutboxStore requests, LedgerReader ledger,
                              PartnerMappers mappers, ActiveConfig config) {
        this.intake = intake;
        this.config = config;
        this.mappers = mappers;
        this.limits = limits;
        this.requests = requests;
        this.ledger = ledger;
    }

    /** Status view returned for a referral: where it is now, and every step with its time. */
    public record ReferralStatus(UUID trackingId, String status, Map<String, String> recipients, List<Step> timeline) {
        public record Step(String status, Instant at, String recipient, String outcome, String reason,
                           String responseId) {
        }
    }

    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_XML_VALUE,
            InboundSignatures.CMS_MEDIA_TYPE}, produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('PARTNER')")
    public ResponseEntity<?> submit(@AuthenticationPrincipal Partner sender,
                                    @RequestHeader(name = REQUEST_ID, required = false) String requestId,
                                    @RequestHeader(name = CORRELATION_ID, required = false) String correlationId,
                                    @RequestHeader(name = REPLACES, required = false) String replaces,
                                    HttpServletRequest http) throws IOException {
        MediaType type = MediaType.parseMediaType(http.getContentType());
        boolean cms = type.isCompatibleWith(MediaType.valueOf(InboundSignatures.CMS_MEDIA_TYPE));
        String mapperId = type.isCompatibleWith(MediaType.APPLICATION_XML) ? POLICE_XML_MAPPER : POLICE_JSON_MAPPER;
        if (!cms && !mayReferIn(sender, mapperId)) {
            return notAReferralSource();
        }
        requireId(REQUEST_ID, requestId);
        if (correlationId != null) {
            requireId(CORRELATION_ID, correlationId);
        }
        UUID replaced = null;
        if (replaces != null) {
            try {
                replaced = UUID.fromString(replaces.strip());
            } catch (IllegalArgumentException e) {
                throw new BadHeaderException(REPLACES, "must be the tracking id of a referral this partner sent");
            }
            // Only the sender corrects its own referral; anyone else's is answered as unknown.
            if (!requests.senderOf(replaced).map(sender.id()::equals).orElse(false)) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, "not-found",
                        "No referral with the tracking id in X-Replaces was sent by this caller."));
            }
        }
        byte[] body = InboundSignatures.verify(sender, RestJsonAdapter.TYPE, BoundedBody.read(http, limits.maxBodyBytes()),
                cms, http.getHeader(InboundSignatures.JWS_HEADER));
        if (cms) {
            // The signed content says nothing of its own type: XML opens with '<', JSON never does.
            mapperId = firstNonBlank(body) == '<' ? POLICE_XML_MAPPER : POLICE_JSON_MAPPER;
            if (!mayReferIn(sender, mapperId)) {
                return notAReferralSource();
            }
        }
        String format = mapperId;
        InboundMapper mapper = mappers.forPartner(sender, format)
                .orElseThrow(() -> new IllegalStateException("no mapper registered as " + format));
        IntakeReceipt receipt = intake.accept(sender.id(), new IntakeRequest(requestId,
                correlationId == null ? requestId : correlationId, mapper, body));
        if (replaced != null) {
            // After intake: the corrected version is decided and delivered like any referral; the
            // original's recipients are recalled by the hub's recall sweep.
            requests.recordCorrection(replaced, receipt.trackingId(), sender.id(), Instant.now());
        }
        return ResponseEntity.accepted()
                .location(URI.create(PATH + "/" + receipt.trackingId()))
                .body(Map.of("trackingId", receipt.trackingId(), "duplicate", receipt.duplicate()));
    }

    /**
     * A partner sees the referrals it sent; a person those their organisation sent or received (every
     * one when hub-wide). Anything else is answered as unknown, so tracking ids cannot be probed.
     */
    @GetMapping(path = "/{trackingId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('PARTNER', 'HUB_ADMIN', 'OPERATOR', 'IG_LEAD')")
    public ResponseEntity<?> status(@AuthenticationPrincipal Object caller, @PathVariable String trackingId) {
        UUID id;
        try {
            id = UUID.fromString(trackingId);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Problems.withErrors(HttpStatus.BAD_REQUEST, "bad-tracking-id",
                    "The tracking id is not a UUID.", List.of(Problems.error("trackingId", "not a UUID"))));
        }
        var sender = requests.senderOf(id);
        var timeline = sender.isEmpty() ? List.<LedgerReader.TimelineEntry>of() : ledger.timeline(id);
        boolean visible = false;
        if (caller instanceof Partner partner) {
            visible = sender.map(partner.id()::equals).orElse(false);
        } else if (caller instanceof Person person && sender.isPresent()) {
            visible = person.hubWide() || person.sees(organisationOf(sender.get()))
                    // A recipient the decision denied (or holds) was sent nothing, so its organisation learns nothing here.
                    || LedgerReader.recipientStatuses(timeline).entrySet().stream()
                            .filter(r -> !"DENIED".equals(r.getValue()) && !"HELD".equals(r.getValue()))
                            .anyMatch(r -> person.sees(organisationOf(r.getKey())));
        }
        if (!visible) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, "not-found",
                    "No referral with this tracking id is visible to this caller."));
        }
        var steps = timeline.stream().map(ReferralController::step).toList();
        return ResponseEntity.ok(new ReferralStatus(id, LedgerReader.statusWord(timeline),
                LedgerReader.recipientStatuses(timeline), steps));
    }

    /** The organisation of a partner in force; null for one no longer configured (then only hub-wide people see it). */
    private String organisationOf(String partnerId) {
        return config.partners().find(partnerId).map(Partner::organisation).orElse(null);
    }

    /**
     * A timeline step. A recipient's reported outcome shows as the word of its Task status
     * (ACCEPTED, REJECTED, IN_PROGRESS, COMPLETED...), the hub's outcome code, and for an ending
     * that is not a success that code again as its reason: codes only, never the recipient's words.
     */
    static ReferralStatus.Step step(LedgerReader.TimelineEntry e) {
        if (e.type() == LedgerEventType.OUTCOME_RECEIVED) {
            String word = LedgerReader.outcomeWord(e.outcome());
            boolean refused = NEGATIVE_OUTCOMES.contains(word);
            return new ReferralStatus.Step(word, e.at(), e.recipientPartnerId(), e.reasonCode(),
                    refused ? e.reasonCode() : null, null);
        }
        return new ReferralStatus.Step(e.type().name(), e.at(), e.recipientPartnerId(), e.outcome(), e.reasonCode(),
                e.responseId());
    }

    private static boolean mayReferIn(Partner sender, String mapperId) {
        return sender.kind() == PartnerKind.POLICE && sender.sends(RestJsonAdapter.TYPE, mapperId);
    }

    private static ResponseEntity<?> notAReferralSource() {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Problems.of(HttpStatus.FORBIDDEN, "forbidden",
                "This partner is not configured as a police referral source in this format."));
    }

    private static int firstNonBlank(byte[] content) {
        for (byte b : content) {
            if (!Character.isWhitespace(b) && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return b;
            }
        }
        return -1;
    }

    static void requireId(String header, String value) {
        if (value == null || value.isBlank()) {
            throw new BadHeaderException(header, "required");
        }
        if (!ID_PATTERN.matcher(value).matches()) {
            throw new BadHeaderException(header, "must be 1 to 128 letters, digits or . _ : -");
        }
    }
}
