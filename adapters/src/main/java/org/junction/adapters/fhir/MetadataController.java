package org.junction.adapters.fhir;

import java.util.Date;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.junction.mappings.fhir.Fhir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /fhir/metadata}: what the hub's FHIR endpoint offers, as a CapabilityStatement. */
@RestController
public class MetadataController {

    public static final String PATH = "/fhir/metadata";
    private final String capabilities;

    public MetadataController() {
        this.capabilities = Fhir.toJson(capabilityStatement());
    }

    @GetMapping(path = PATH, produces = {OperationOutcomes.FHIR_JSON, "application/json"})
    @PreAuthorize("permitAll()")
    public ResponseEntity<String> metadata() {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, OperationOutcomes.FHIR_JSON).body(capabilities);
    }

    static CapabilityStatement capabilityStatement() {
        var statement = new CapabilityStatement()
                .setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setDate(new Date(0))
                .setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE)
                .setFhirVersion(Enumerations.FHIRVersion._4_0_1)
                .setPublisher("Junction");
        statement.addFormat("application/fhir+json");
        statement.getSoftware().setName("Junction information-sharing hub");
        statement.getImplementation().setDescription("Safeguarding referrals between police, councils, MASH, "
                + "health and volunteer partners: BaRS-style messages in, consents recorded, feedback on delivered referrals as Task or Communication");
        var rest = statement.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.addOperation().setName("process-message")
                .setDefinition("http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message");
        rest.addResource().setType("Consent")
                .addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
        for (String feedback : FhirFeedbackController.RESOURCE_TYPES) {
            rest.addResource().setType(feedback)
                    .addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
        }
        return statement;
    }
}
