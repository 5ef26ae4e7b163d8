package org.junction.adapters.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Consent;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.restjson.BoundedBody;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.json.JsonLimits;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.consent.ConsentStore;
import org.junction.security.consent.FhirConsents;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.pseudonym.Pseudonymiser;
import org.junction.adapters.restjson.PayloadTooLargeException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /fhir/Consent}: a partner records a person's consent (or refusal) as a FHIR R4
 * Consent. Answers are FHIR: the stored Consent with its id, or an OperationOutcome naming the
 * element at fault. The Consent is kept only as an encrypted envelope.
 */
@RestController
public class ConsentController {

    public static final String PATH = "/fhir/Consent";
    /** The format a partner must be configured to send for its Consents to be accepted. */
    public static final String CONSENT_FORMAT = "fhir-consent-r4-v1";
    private static final String FHIR_JSON = OperationOutcomes.FHIR_JSON;

    private final ConsentStore consents;
    private final Pseudonymiser pseudonymiser;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final IntakeProperties limits;

    public ConsentController(ConsentStore consents, Pseudonymiser pseudonymiser, EnvelopeCipher cipher,
                             LedgerWriter ledger, TransactionTemplate transactions, Clock clock,
                             IntakeProperties limits) {
        this.limits = limits;
        this.consents = consents;
        this.pseudonymiser = pseudonymiser;
        this.cipher = cipher;
        this.ledger = ledger;
        this.transactions = transactions;
        this.clock = clock;
    }

    @PostMapping(path = PATH, consumes = {FHIR_JSON, "application/json"}, produces = FHIR_JSON)
    @PreAuthorize("hasRole('PARTNER')")
    public ResponseEntity<String> record(@AuthenticationPrincipal Partner sender, HttpServletRequest http)
            throws IOException {
        // Recording a consent widens what may be shared about a person: only partners configured
        // to send consents may do it.
        if (!sender.sends(FhirR4Adapter.TYPE, CONSENT_FORMAT)) {
            return outcome(HttpStatus.FORBIDDEN, List.of(Violation.rule("Consent",
                    "this partner is not configured to record consents")));
        }
        byte[] body = BoundedBody.read(http, limits.maxBodyBytes());
        Consent consent;
        try {
            // HAPI's own Jackson mapper is not bounded by the hub: the limits are checked first.
            JsonLimits.check(CONSENT_FORMAT, body);
            // Strict: the lenient handler logs invalid values, and values here are personal data.
            consent = Fhir.context().newJsonParser().setParserErrorHandler(new StrictErrorHandler())
                    .parseResource(Consent.class, strictUtf8(body));
        } catch (MappingException e) {
            return outcome(HttpStatus.BAD_REQUEST, e.violations());
        } catch (CharacterCodingException e) {
            return outcome(HttpStatus.BAD_REQUEST, List.of(Violation.malformed("Consent", "is not UTF-8 text")));
        } catch (DataFormatException | ClassCastException e) {
            return outcome(HttpStatus.BAD_REQUEST, List.of(Violation.malformed("Consent", "is not a FHIR R4 Consent in JSON")));
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        FhirConsents.Parsed parsed;
        try {
            parsed = FhirConsents.read(consent, FhirConsents.patientIdentifiers(consent), id, now);
        } catch (MappingException e) {
            return outcome(OperationOutcomes.statusFor(e.violations()), e.violations());
        }
        List<String> pseudonyms = pseudonymiser.pseudonymsOf(parsed.subject());
        consent.setId(id.toString());
        String json = Fhir.toJson(consent);
        byte[] sealed = cipher.seal(json.getBytes(StandardCharsets.UTF_8), ("consent|" + id).getBytes(StandardCharsets.UTF_8));
        transactions.executeWithoutResult(tx -> {
            LedgerEventType type = parsed.record().withdraws(consents.forSubject(pseudonyms))
                    ? LedgerEventType.CONSENT_WITHDRAWN : LedgerEventType.CONSENT_RECORDED;
            consents.save(parsed.record(), pseudonyms, "fhir-api", sender.id(), sealed);
            ledger.record(new LedgerEvent(UUID.randomUUID(), "consent|" + id, type, now,
                    sender.id(), null, sender.id(), null, null, parsed.record().provision().name(), null, 1, pseudonyms,
                    new LedgerDetails(null, null, List.of(), null, null, null, id, null, null, List.of(), List.of())));
        });
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Location", PATH + "/" + id)
                .header("Content-Type", FHIR_JSON)
                .body(json);
    }

    // A lenient decode would turn broken bytes into replacement characters and store them as if sent.
    private static String strictUtf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body))
                .toString();
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<String> tooLarge(PayloadTooLargeException e) {
        return outcome(HttpStatus.PAYLOAD_TOO_LARGE, List.of(Violation.rule("Consent", "is " + e.getMessage())));
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<String> unavailable(RuntimeException e) {
        var response = outcome(HttpStatus.SERVICE_UNAVAILABLE, List.of(Violation.rule("Consent",
                "could not be stored now; nothing was recorded, retry later")));
        return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "30").body(response.getBody());
    }

    private static ResponseEntity<String> outcome(HttpStatus status, List<Violation> violations) {
        return OperationOutcomes.of(status, violations);
    }
}
