package org.junction.security.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junction.mappings.fhir.Fhir;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.SealedEventContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files of the ledger-to-AuditEvent mapping: a consent-based decision, a disclosure, a
 * consent recorded and a refused login. Regenerate with {@code -Djunction.golden.update=true}
 * after an intended change, and review the diff.
 */
class LedgerAuditEventsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/audit/export");
    private static final Instant AT = Instant.parse("2026-04-01T08:30:00.123456789Z");
    private static final UUID TRACKING = UUID.fromString("3f0c6a52-7d1e-4b8a-9c55-0e1f2a3b4c5d");
    private static final UUID CONSENT = UUID.fromString("8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    private static final UUID DECISION = UUID.fromString("c0ffee00-1234-4abc-8def-001122334455");
    private static final List<String> SUBJECT = List.of("p1:6kQz0sYw3NfTn2b5JxA9", "p1:Vb7Rr1dLmQ4cYh8sPz2E");

    @ParameterizedTest
    @ValueSource(strings = {"decided-consent", "delivered", "consent-recorded", "login-failed"})
    void matchesTheGoldenFile(String name) throws IOException {
        String json = Fhir.context().newJsonParser().setPrettyPrint(true).encodeResourceToString(
                LedgerAuditEvents.toAuditEvent(link(name))) + "\n";
        Path golden = GOLDEN.resolve(name + ".json");
        if (Boolean.getBoolean("junction.golden.update")) {
            Files.writeString(golden, json, StandardCharsets.UTF_8);
        }
        assertThat(json).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void theSubjectIsAPseudonymAndNeverAnNhsNumberAndEveryEventCarriesItsChainLink() {
        AuditEvent audit = LedgerAuditEvents.toAuditEvent(link("delivered"));
        String json = Fhir.toJson(audit);
        assertThat(json).doesNotContain("nhs-number").contains(LedgerAuditEvents.SUBJECT_PSEUDONYM)
                .contains("p1:6kQz0sYw3NfTn2b5JxA9");
        var ext = audit.getExtensionByUrl(LedgerAuditEvents.LEDGER_LINK);
        assertThat(ext.getExtensionByUrl("seq").getValue().primitiveValue()).isEqualTo("42");
        assertThat(ext.getExtensionByUrl("hash").getValue().primitiveValue()).isEqualTo("ab".repeat(32));
    }

    @Test
    void aDenyUnderAnAgreementIsASeriousFailureWithTheHubsSubtypeAndNoBalpConsentProfile() {
        SealedEventContent e = content("DECIDED", "police-a", "mash-1", "DENY", "NO_LAWFUL_BASIS",
                new LedgerDetails(null, "PUBLIC_TASK", List.of("UKGDPR_6_1_E"), "isa-7", 2, "flow-1", null, null, null,
                        List.of(), List.of()));
        AuditEvent audit = LedgerAuditEvents.toAuditEvent(new ExportedLink(3, "cd".repeat(32), e));
        assertThat(audit.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._8);
        assertThat(audit.getSubtypeFirstRep().getCode()).isEqualTo("AuthZ-Agreement");
        assertThat(audit.getMeta().getProfile()).isEmpty();
    }

    static ExportedLink link(String name) {
        SealedEventContent e = switch (name) {
            case "decided-consent" -> content("DECIDED", "police-a", "mash-1", "PERMIT", "CONSENT_GIVEN",
                    new LedgerDetails("corr-17", "CONSENT", List.of("UKGDPR_6_1_A"), "isa-safeguarding", 3,
                            "police-to-mash", CONSENT, DECISION, null, List.of("DEMOGRAPHICS", "INCIDENT"),
                            List.of()));
            case "delivered" -> content("DELIVERED", "police-a", "mash-1", null, null, LedgerDetails.NONE);
            case "consent-recorded" -> new SealedEventContent(9, UUID.nameUUIDFromBytes(name.getBytes()), null,
                    "CONSENT_RECORDED", AT, "police-a", null, "police-a", null, "PATSFTY", "ACTIVE", null, 1, SUBJECT,
                    new LedgerDetails(null, null, List.of(), null, null, null, CONSENT, null, null, List.of(), List.of()));
            case "login-failed" -> new SealedEventContent(10, UUID.nameUUIDFromBytes(name.getBytes()), null,
                    "LOGIN_FAILED", AT, "ig-lead-b", null, null, null, null, null, "BAD_TOTP", 1, List.of(),
                    LedgerDetails.NONE);
            default -> throw new IllegalArgumentException(name);
        };
        return new ExportedLink(42, "ab".repeat(32), e);
    }

    private static SealedEventContent content(String type, String sender, String recipient, String outcome,
                                              String reason, LedgerDetails details) {
        return new SealedEventContent(7, UUID.nameUUIDFromBytes((type + outcome).getBytes()),
                TRACKING + "|" + type + "|" + recipient + "|1", type, AT, "system:decide", TRACKING, sender, recipient,
                "PATSFTY", outcome, reason, 1, SUBJECT, details);
    }
}
