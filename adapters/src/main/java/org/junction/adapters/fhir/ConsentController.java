package org.junction.adapters.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junction.adapters.partner.Partner;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.consent.ConsentStore;
import org.junction.security.consent.FhirConsents;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.pseudonym.Pseudonymiser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /fhir/Consent}: a partner records a person's consent (or refusal) as a FHIR R4
 * Consent. Answers are FHIR: the stored Consent with its id, or an OperationOutcome naming the
 * element at fault. The Consent is kept only as an encrypted envelope.
 */
@RestController
public class ConsentController {

    public static final String PATH = "/fhir/Consent";
    private static final String FHIR_JSON = "application/fhir+json";

    private final ConsentStore consents;
    private final Pseudonymiser pseudonymiser;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ConsentController(ConsentStore consents, Pseudonymiser pseudonymiser, EnvelopeCipher cipher,
                             LedgerWriter ledger, TransactionTemplate transactions, Clock clock) {
        this.consents = consents;
        this.pseudonymiser = pseudonymiser;
        this.cipher = cipher;
        this.ledger = ledger;
        this.transactions = transactions;
        this.clock = clock;
    }

    @PostMapping(path = PATH, consumes = {FHIR_JSON, "application/json"}, produces = FHIR_JSON)
    public ResponseEntity<String> record(@AuthenticationPrincipal Partner sender, @RequestBody byte[] body) {
        Consent consent;
        try {
            consent = Fhir.context().newJsonParser().parseResource(Consent.class, new String(body, StandardCharsets.UTF_8));
        } catch (DataFormatException | ClassCastException e) {
            return outcome(HttpStatus.BAD_REQUEST, List.of(Violation.malformed("Consent", "is not a FHIR R4 Consent in JSON")));
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        FhirConsents.Parsed parsed;
        try {
            parsed = FhirConsents.read(consent, FhirConsents.patientIdentifiers(consent), id, now);
        } catch (MappingException e) {
            HttpStatus status = e.violations().stream().anyMatch(v -> v.kind() == Violation.Kind.MALFORMED)
                    ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY;
            return outcome(status, e.violations());
        }
        List<String> pseudonyms = parsed.subject().stream()
                .map(s -> pseudonymiser.pseudonymise(s.system(), s.value()).toString()).toList();
        consent.setId(id.toString());
        String json = Fhir.toJson(consent);
        byte[] sealed = cipher.seal(json.getBytes(StandardCharsets.UTF_8), ("consent|" + id).getBytes(StandardCharsets.UTF_8));
        transactions.executeWithoutResult(tx -> {
            consents.save(parsed.record(), pseudonyms, "fhir-api", sender.id(), sealed);
            ledger.record(new LedgerEvent(UUID.randomUUID(), "consent|" + id, LedgerEventType.CONSENT_RECORDED, now,
                    sender.id(), null, sender.id(), null, null, parsed.record().provision().name(), null, 1, pseudonyms));
        });
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Location", PATH + "/" + id)
                .header("Content-Type", FHIR_JSON)
                .body(json);
    }

    private static ResponseEntity<String> outcome(HttpStatus status, List<Violation> violations) {
        var outcome = new OperationOutcome();
        for (Violation v : violations) {
            outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(v.kind() == Violation.Kind.MALFORMED
                            ? OperationOutcome.IssueType.STRUCTURE : OperationOutcome.IssueType.BUSINESSRULE)
                    .setDiagnostics(v.reason())
                    .addExpression(v.field());
        }
        return ResponseEntity.status(status).header("Content-Type", FHIR_JSON).body(Fhir.toJson(outcome));
    }
}
