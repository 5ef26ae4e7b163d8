package org.junction.adapters.restjson;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junction.adapters.feedback.OutcomeFormats;
import org.junction.adapters.feedback.OutcomeIntake;
import org.junction.adapters.feedback.OutcomeReceipt;
import org.junction.adapters.feedback.UnlinkedOutcomeException;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.intake.IntakeRequest;
import org.junction.adapters.intake.PartnerMappers;
import org.junction.adapters.partner.Partner;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.TransactionException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/outcomes}: a recipient reports, in its own JSON format, what became of a
 * referral the hub delivered to it (a MASH decision, a volunteer platform's outcome). The format is
 * the outcome format its {@code rest-json} source names. Idempotent per (sender, X-Request-ID) as
 * referrals are. An outcome naming a referral this partner was not delivered is answered exactly as
 * one naming no referral at all.
 */
@RestController
@RequestMapping(OutcomeController.PATH)
public class OutcomeController {

    public static final String PATH = "/api/v1/outcomes";

    private final OutcomeIntake outcomes;
    private final IntakeProperties limits;
    private final PartnerMappers mappers;

    public OutcomeController(OutcomeIntake outcomes, IntakeProperties limits, PartnerMappers mappers) {
        this.outcomes = outcomes;
        this.limits = limits;
        this.mappers = mappers;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('PARTNER')")
    public ResponseEntity<?> submit(@AuthenticationPrincipal Partner sender,
                                    @RequestHeader(name = ReferralController.REQUEST_ID, required = false) String requestId,
                                    @RequestHeader(name = ReferralController.CORRELATION_ID, required = false)
                                    String correlationId,
                                    HttpServletRequest http) throws IOException {
        Optional<String> format = outcomeFormatOf(sender);
        if (format.isEmpty()) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Problems.of(HttpStatus.FORBIDDEN, "forbidden",
                    "This partner is not configured as a rest-json source of outcomes."));
        }
        ReferralController.requireId(ReferralController.REQUEST_ID, requestId);
        if (correlationId != null) {
            ReferralController.requireId(ReferralController.CORRELATION_ID, correlationId);
        }
        byte[] body = BoundedBody.read(http, limits.maxBodyBytes());
        InboundMapper mapper = mappers.forPartner(sender, format.get())
                .orElseThrow(() -> new IllegalStateException("no mapper registered as " + format.get()));
        OutcomeReceipt receipt = outcomes.accept(sender.id(), new IntakeRequest(requestId,
                correlationId == null ? requestId : correlationId, mapper, body));
        return ResponseEntity.accepted()
                .location(URI.create(ReferralController.PATH + "/" + receipt.referralTrackingId()))
                .body(Map.of("outcomeId", receipt.outcomeId(), "referralTrackingId", receipt.referralTrackingId(),
                        "duplicate", receipt.duplicate()));
    }

    /** The first outcome format among the partner's rest-json sources, in the order its file lists them. */
    static Optional<String> outcomeFormatOf(Partner partner) {
        return partner.sources().stream()
                .filter(s -> RestJsonAdapter.TYPE.equals(s.type()) && OutcomeFormats.REST_JSON.contains(s.mapper()))
                .map(s -> s.mapper())
                .findFirst();
    }

    @ExceptionHandler(UnlinkedOutcomeException.class)
    ResponseEntity<ProblemDetail> unlinked(UnlinkedOutcomeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.withErrors(HttpStatus.NOT_FOUND,
                "unknown-referral", "The outcome names no referral delivered to this partner.",
                List.of(Problems.error(e.field(), UnlinkedOutcomeException.REASON))));
    }

    @ExceptionHandler(MappingException.class)
    ResponseEntity<ProblemDetail> invalid(MappingException e) {
        boolean malformed = e.kind() == Violation.Kind.MALFORMED;
        HttpStatus status = malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY;
        // Rule checks on a malformed document ran on fields that could not be read properly.
        List<Violation> shown = malformed
                ? e.violations().stream().filter(v -> v.kind() == Violation.Kind.MALFORMED).toList()
                : e.violations();
        return ResponseEntity.status(status).body(Problems.withErrors(status,
                malformed ? "malformed-outcome" : "invalid-outcome",
                malformed ? "The outcome could not be read: see errors." : "The outcome breaks a rule: see errors.",
                shown.stream().map(v -> Problems.error(v.field(), v.reason())).toList()));
    }

    @ExceptionHandler(BadHeaderException.class)
    ResponseEntity<ProblemDetail> badHeader(BadHeaderException e) {
        return ResponseEntity.badRequest().body(Problems.withErrors(HttpStatus.BAD_REQUEST, "bad-header",
                "A required header is missing or malformed.", List.of(Problems.error(e.header(), e.getMessage()))));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                .body(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "The outcome is " + e.getMessage() + "."));
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "busy",
                        "The hub cannot accept outcomes right now; nothing was stored. Retry later."));
    }
}
