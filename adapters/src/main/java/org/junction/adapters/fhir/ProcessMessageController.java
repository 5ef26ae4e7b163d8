package org.junction.adapters.fhir;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junction.adapters.intake.IntakeBackpressureException;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.intake.IntakeReceipt;
import org.junction.adapters.intake.IntakeRequest;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.PartnerMappers;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.protection.InboundSignatures;
import org.junction.security.crypto.SignatureException;
import org.junction.adapters.restjson.BoundedBody;
import org.junction.adapters.restjson.PayloadTooLargeException;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.bars.Bars;
import org.junction.mappings.fhir.bars.BarsBundleMapper;
import org.junction.mappings.fhir.bars.BarsSenderCancellation;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.TransactionException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /fhir/$process-message}: a GP practice or hospital sends a referral as a BaRS-style
 * FHIR message Bundle. BaRS rules for the headers: X-Request-ID and X-Correlation-ID are required,
 * and a repeat of a request id already accepted is answered 409 {@code duplicate}. Partners configured for full validation have
 * the Bundle checked against base R4 or the loaded profiles before mapping. A message that takes
 * back the sender's own earlier referral ({@link BarsSenderCancellation}) is no referral: it marks
 * that referral entered-in-error, as the REST API's call does.
 */
@RestController
public class ProcessMessageController {

    public static final String PATH = "/fhir/$process-message";
    public static final String REQUEST_ID = "X-Request-ID";
    public static final String CORRELATION_ID = "X-Correlation-ID";

    private final IntakeService intake;
    private final IntakeProperties limits;
    private final PartnerMappers mappers;
    private final org.junction.adapters.recall.SenderWithdrawals withdrawals;

    /** @param withdrawals where a sender's cancellation of its own referral goes */
    public ProcessMessageController(IntakeService intake, IntakeProperties limits, PartnerMappers mappers,
                                    org.junction.adapters.recall.SenderWithdrawals withdrawals) {
        this.withdrawals = withdrawals;
        this.intake = intake;
        this.limits = limits;
        this.mappers = mappers;
    }

    @PostMapping(path = PATH, consumes = {OperationOutcomes.FHIR_JSON, "application/json", InboundSignatures.CMS_MEDIA_TYPE},
            produces = OperationOutcomes.FHIR_JSON)
    @PreAuthorize("hasRole('PARTNER')")
    public ResponseEntity<String> processMessage(@AuthenticationPrincipal Partner sender,
                                                 @RequestHeader(name = REQUEST_ID, required = false) String requestId,
                                                 @RequestHeader(name = CORRELATION_ID, required = false) String correlationId,
                                                 HttpServletRequest http) throws IOException {
        if (!sender.sends(FhirR4Adapter.TYPE, BarsBundleMapper.ID)) {
            return OperationOutcomes.of(HttpStatus.FORBIDDEN,
                    List.of(Violation.rule("Bundle", "this partner is not configured to send FHIR referrals")));
        }
        List<Violation> badHeaders = new ArrayList<>();
        requireId(REQUEST_ID, requestId, badHeaders);
        requireId(CORRELATION_ID, correlationId, badHeaders);
        if (!badHeaders.isEmpty()) {
            return OperationOutcomes.of(HttpStatus.BAD_REQUEST, badHeaders);
        }
        byte[] body;
        try {
            body = InboundSignatures.verify(sender, FhirR4Adapter.TYPE, BoundedBody.read(http, limits.maxBodyBytes()),
                    org.springframework.http.MediaType.parseMediaType(http.getContentType())
                            .isCompatibleWith(org.springframework.http.MediaType.valueOf(InboundSignatures.CMS_MEDIA_TYPE)),
                    http.getHeader(InboundSignatures.JWS_HEADER));
        } catch (SignatureException e) {
            // Nothing is stored: the partner's content is either not proven to be its own or not CMS as agreed.
            return OperationOutcomes.of(HttpStatus.UNPROCESSABLE_ENTITY, List.of(Violation.rule("signature", e.getMessage())));
        }
        var cancellation = senderCancellation(body);
        if (cancellation.isPresent()) {
            return cancel(sender, cancellation.get());
        }
        InboundMapper mapper = mappers.forPartner(sender, BarsBundleMapper.ID).orElseThrow();
        IntakeReceipt receipt = intake.accept(sender.id(), new IntakeRequest(requestId, correlationId, mapper, body));
        if (receipt.duplicate()) {
            return OperationOutcomes.issue(HttpStatus.CONFLICT, OperationOutcome.IssueSeverity.ERROR,
                    OperationOutcome.IssueType.DUPLICATE, "duplicate: this X-Request-ID was already accepted as "
                            + receipt.trackingId());
        }
        var accepted = OperationOutcomes.issue(HttpStatus.ACCEPTED, OperationOutcome.IssueSeverity.INFORMATION,
                OperationOutcome.IssueType.INFORMATIONAL, "accepted as " + receipt.trackingId());
        return ResponseEntity.status(accepted.getStatusCode()).headers(accepted.getHeaders())
                .header(HttpHeaders.LOCATION, "/api/v1/referrals/" + receipt.trackingId())
                .body(accepted.getBody());
    }

    /**
     * A BaRS cancellation of an earlier referral (entered-in-error, or revoked under the
     * cancellation MessageDefinition) rather than a referral. Only a body that could be one is
     * parsed here; anything unreadable is left to the referral mapper, which says what is wrong.
     */
    private static java.util.Optional<BarsSenderCancellation> senderCancellation(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        if (!text.contains("entered-in-error") && !text.contains(Bars.DEFINITION_CANCELLATION)) {
            return java.util.Optional.empty();
        }
        org.hl7.fhir.r4.model.Bundle bundle;
        try {
            bundle = Fhir.parseBundle(text);
        } catch (RuntimeException unreadable) {
            return java.util.Optional.empty();
        }
        return BarsSenderCancellation.read(bundle);
    }

    /**
     * Like {@code POST /api/v1/referrals/{id}/entered-in-error}: only the referral's own sender may
     * take it back; anyone else's, or an unknown id, is answered 404 alike so ids cannot be probed.
     */
    private ResponseEntity<String> cancel(Partner sender, BarsSenderCancellation cancellation) {
        if (!withdrawals.senderOf(cancellation.trackingId()).map(sender.id()::equals).orElse(false)) {
            return OperationOutcomes.issue(HttpStatus.NOT_FOUND, OperationOutcome.IssueSeverity.ERROR,
                    OperationOutcome.IssueType.NOTFOUND, "no referral with this tracking id was sent by this caller");
        }
        boolean marked = withdrawals.markEnteredInError(cancellation.trackingId(), sender.id(),
                cancellation.reasonCode());
        return OperationOutcomes.issue(marked ? HttpStatus.ACCEPTED : HttpStatus.OK,
                OperationOutcome.IssueSeverity.INFORMATION, OperationOutcome.IssueType.INFORMATIONAL,
                "referral " + cancellation.trackingId() + (marked ? " marked" : " already marked") + " entered-in-error");
    }

    private static void requireId(String header, String value, List<Violation> problems) {
        if (value == null || !BarsHeadersEchoFilter.ID.matcher(value).matches()) {
            problems.add(Violation.malformed(header, "is required: 1 to 128 letters, digits or . _ : -"));
        }
    }

    @ExceptionHandler(MappingException.class)
    ResponseEntity<String> invalid(MappingException e) {
        return OperationOutcomes.of(OperationOutcomes.statusFor(e.violations()), e.violations());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<String> tooLarge(PayloadTooLargeException e) {
        return OperationOutcomes.of(HttpStatus.PAYLOAD_TOO_LARGE, List.of(Violation.rule("Bundle", "is " + e.getMessage())));
    }

    @ExceptionHandler({IntakeBackpressureException.class, DataAccessException.class, TransactionException.class})
    ResponseEntity<String> unavailable(RuntimeException e) {
        var busy = OperationOutcomes.issue(HttpStatus.SERVICE_UNAVAILABLE, OperationOutcome.IssueSeverity.ERROR,
                OperationOutcome.IssueType.TRANSIENT, "the hub cannot accept referrals now; nothing was stored");
        return ResponseEntity.status(busy.getStatusCode()).headers(busy.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "30").body(busy.getBody());
    }
}
