package org.junction.adapters.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junction.adapters.feedback.OutcomeFormats;
import org.junction.adapters.feedback.OutcomeIntake;
import org.junction.adapters.feedback.OutcomeReceipt;
import org.junction.adapters.feedback.UnlinkedOutcomeException;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.intake.IntakeRequest;
import org.junction.adapters.intake.PartnerMappers;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.restjson.BoundedBody;
import org.junction.adapters.restjson.PayloadTooLargeException;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.json.JsonLimits;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /fhir/Task} and {@code POST /fhir/Communication}: a FHIR recipient (GP practice,
 * hospital) reports on a referral the hub delivered to it, as a Task (its status: accepted,
 * rejected with a reason, in progress, completed...) or a Communication (free-text feedback),
 * naming the referral's ServiceRequest in {@code basedOn} by the hub's tracking id or the
 * referrer's reference. Format {@code fhir-feedback-r4-v1}, JSON or XML. X-Request-ID is required
 * and a repeat is answered 409 {@code duplicate}, as on {@code $process-message}; X-Correlation-ID
 * is optional here (a recipient writing back may not have one) and defaults to the request id.
 * Answers are OperationOutcomes.
 */
@RestController
public class FhirFeedbackController {

    public static final String PATH = "/fhir/{resourceType:Task|Communication}";
    public static final Set<String> RESOURCE_TYPES = Set.of("Task", "Communication");
    private static final JsonFactory JSON = JsonLimits.newFactory();
    private static final XMLInputFactory XML = xmlFactory();

    private final OutcomeIntake outcomes;
    private final IntakeProperties limits;
    private final PartnerMappers mappers;

    public FhirFeedbackController(OutcomeIntake outcomes, IntakeProperties limits, PartnerMappers mappers) {
        this.outcomes = outcomes;
        this.limits = limits;
        this.mappers = mappers;
    }

    @PostMapping(path = PATH,
            consumes = {OperationOutcomes.FHIR_JSON, "application/json", "application/fhir+xml", "application/xml"},
            produces = OperationOutcomes.FHIR_JSON)
    @PreAuthorize("hasRole('PARTNER')")
    public ResponseEntity<String> report(@AuthenticationPrincipal Partner sender, @PathVariable String resourceType,
                                         @RequestHeader(name = ProcessMessageController.REQUEST_ID, required = false)
                                         String requestId,
                                         @RequestHeader(name = ProcessMessageController.CORRELATION_ID, required = false)
                                         String correlationId,
                                         HttpServletRequest http) throws IOException {
        if (!sender.sends(FhirR4Adapter.TYPE, OutcomeFormats.FHIR_FEEDBACK)) {
            return OperationOutcomes.of(HttpStatus.FORBIDDEN, List.of(Violation.rule(resourceType,
                    "this partner is not configured to send feedback (" + OutcomeFormats.FHIR_FEEDBACK + ")")));
        }
        List<Violation> badHeaders = new ArrayList<>();
        if (requestId == null || !BarsHeadersEchoFilter.ID.matcher(requestId).matches()) {
            badHeaders.add(Violation.malformed(ProcessMessageController.REQUEST_ID,
                    "is required: 1 to 128 letters, digits or . _ : -"));
        }
        if (correlationId != null && !BarsHeadersEchoFilter.ID.matcher(correlationId).matches()) {
            badHeaders.add(Violation.malformed(ProcessMessageController.CORRELATION_ID,
                    "must be 1 to 128 letters, digits or . _ : -"));
        }
        if (!badHeaders.isEmpty()) {
            return OperationOutcomes.of(HttpStatus.BAD_REQUEST, badHeaders);
        }
        byte[] body = BoundedBody.read(http, limits.maxBodyBytes());
        Optional<String> sent = resourceTypeOf(body);
        if (sent.isPresent() && !sent.get().equals(resourceType)) {
            return OperationOutcomes.of(HttpStatus.BAD_REQUEST, List.of(Violation.malformed("resourceType",
                    "must be " + resourceType + " at this endpoint")));
        }
        InboundMapper mapper = mappers.forPartner(sender, OutcomeFormats.FHIR_FEEDBACK).orElseThrow();
        OutcomeReceipt receipt;
        try {
            receipt = outcomes.accept(sender.id(), new IntakeRequest(requestId,
                    correlationId == null ? requestId : correlationId, mapper, body));
        } catch (UnlinkedOutcomeException e) {
            // Told apart from other mapping failures only here, where the resource type is known.
            var outcome = new OperationOutcome();
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.NOTFOUND)
                    .setDiagnostics(UnlinkedOutcomeException.REASON)
                    .addExpression(resourceType + "." + e.field());
            return ResponseEntity.status(HttpStatus.NOT_FOUND).header(HttpHeaders.CONTENT_TYPE, OperationOutcomes.FHIR_JSON)
                    .body(org.junction.mappings.fhir.Fhir.toJson(outcome));
        }
        if (receipt.duplicate()) {
            return OperationOutcomes.issue(HttpStatus.CONFLICT, OperationOutcome.IssueSeverity.ERROR,
                    OperationOutcome.IssueType.DUPLICATE, "duplicate: this X-Request-ID was already accepted as "
                            + receipt.outcomeId());
        }
        return OperationOutcomes.issue(HttpStatus.CREATED, OperationOutcome.IssueSeverity.INFORMATION,
                OperationOutcome.IssueType.INFORMATIONAL, "recorded as outcome " + receipt.outcomeId()
                        + " of referral " + receipt.referralTrackingId());
    }

    /**
     * The type of the resource sent, read from its first element only; empty when that cannot be
     * told, and the strict parse of the mapper then says why.
     */
    static Optional<String> resourceTypeOf(byte[] body) {
        int start = 0;
        while (start < body.length && (Character.isWhitespace(body[start]) || body[start] == (byte) 0xEF
                || body[start] == (byte) 0xBB || body[start] == (byte) 0xBF)) {
            start++;
        }
        if (start >= body.length) {
            return Optional.empty();
        }
        try {
            if (body[start] == '{') {
                return jsonResourceType(body);
            }
            if (body[start] == '<') {
                return xmlRootName(body);
            }
        } catch (IOException | XMLStreamException | RuntimeException unreadable) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> jsonResourceType(byte[] body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("resourceType".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? Optional.of(parser.getText()) : Optional.empty();
                }
                parser.skipChildren();
            }
            return Optional.empty();
        }
    }

    private static Optional<String> xmlRootName(byte[] body) throws XMLStreamException {
        XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(body));
        try {
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamReader.START_ELEMENT) {
                    return Optional.of(reader.getLocalName());
                }
            }
            return Optional.empty();
        } finally {
            reader.close();
        }
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // Only the root element's name is read, and nothing outside the body is ever fetched.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    @ExceptionHandler(MappingException.class)
    ResponseEntity<String> invalid(MappingException e) {
        return OperationOutcomes.of(OperationOutcomes.statusFor(e.violations()), e.violations());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<String> tooLarge(PayloadTooLargeException e) {
        return OperationOutcomes.of(HttpStatus.PAYLOAD_TOO_LARGE, List.of(Violation.rule("$", "is " + e.getMessage())));
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<String> unavailable(RuntimeException e) {
        var busy = OperationOutcomes.issue(HttpStatus.SERVICE_UNAVAILABLE, OperationOutcome.IssueSeverity.ERROR,
                OperationOutcome.IssueType.TRANSIENT, "the hub cannot accept feedback now; nothing was stored");
        return ResponseEntity.status(busy.getStatusCode()).headers(busy.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "30").body(busy.getBody());
    }
}
