package org.junction.adapters.restjson;

import java.time.Duration;
import java.util.List;
import org.junction.adapters.intake.IntakeBackpressureException;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns intake failures into problem details: 400 malformed, 422 rule broken, 413 size, 503 busy. */
@RestControllerAdvice(assignableTypes = ReferralController.class)
public class PartnerApiExceptionHandler {

    private static final Duration RETRY_AFTER_STORE_DOWN = Duration.ofSeconds(30);

    @ExceptionHandler(MappingException.class)
    ResponseEntity<ProblemDetail> invalidReferral(MappingException e) {
        boolean malformed = e.violations().stream().anyMatch(v -> v.kind() == Violation.Kind.MALFORMED);
        HttpStatus status = malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY;
        // A malformed body is answered with its malformations only: its rule checks ran on
        // fields that could not be read properly.
        List<Violation> shown = malformed
                ? e.violations().stream().filter(v -> v.kind() == Violation.Kind.MALFORMED).toList()
                : e.violations();
        var errors = shown.stream().map(v -> Problems.error(v.field(), v.reason())).toList();
        return ResponseEntity.status(status).body(Problems.withErrors(status,
                malformed ? "malformed-referral" : "invalid-referral",
                malformed ? "The referral could not be read: see errors." : "The referral breaks a rule: see errors.",
                errors));
    }

    @ExceptionHandler(BadHeaderException.class)
    ResponseEntity<ProblemDetail> badHeader(BadHeaderException e) {
        return ResponseEntity.badRequest().body(Problems.withErrors(HttpStatus.BAD_REQUEST, "bad-header",
                "A required header is missing or malformed.", List.of(Problems.error(e.header(), e.getMessage()))));
    }

    /** Nothing was stored: the content is not proven to be the partner's, or not signed as agreed. */
    @ExceptionHandler(org.junction.security.crypto.SignatureException.class)
    ResponseEntity<ProblemDetail> badSignature(org.junction.security.crypto.SignatureException e) {
        return ResponseEntity.unprocessableEntity().body(Problems.withErrors(HttpStatus.UNPROCESSABLE_ENTITY,
                "bad-signature", "The referral's signature is missing or does not verify; nothing was stored.",
                List.of(Problems.error("signature", e.getMessage()))));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                .body(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "The referral is " + e.getMessage() + "."));
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(RuntimeException e) {
        return busy(new IntakeBackpressureException("database unavailable", RETRY_AFTER_STORE_DOWN));
    }

    @ExceptionHandler(IntakeBackpressureException.class)
    ResponseEntity<ProblemDetail> busy(IntakeBackpressureException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "busy",
                        "The hub cannot accept referrals right now; nothing was stored. Retry later."));
    }
}
