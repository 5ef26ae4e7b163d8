package org.junction.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junction.bench.load.NhsNumbers;

/**
 * FHIR BaRS referral messages for the load: one fixture (a mapper golden input, so valid by the
 * mapper's own tests) made into a new referral each time. Each message gets its own Bundle id,
 * MessageHeader id, sender's reference and person (a synthetic NHS number from the 999 range),
 * so the hub sees distinct referrals about distinct people: the same reference again would be a
 * correction of the first, and the same person again would queue behind the first one's
 * dispatch, neither of which is the load being measured. The recipient is set to the partner
 * under test.
 *
 * <p>The fixture is parsed once and its variable values replaced by markers; each message is then
 * a few string replacements, so that making messages costs the load generator next to nothing.
 */
public final class BarsMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUNDLE = "@@BUNDLE@@";
    private static final String SOURCE_REFERENCE = "@@SOURCE_REFERENCE@@";
    private static final String NHS_NUMBER = "@@NHS_NUMBER@@";
    private static final String LOCAL_ID = "@@LOCAL_ID@@";
    private static final String NHS_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
    private static final String PARTNER_SYSTEM = "https://fhir.junction-hub.org/Id/partner-id";

    private final String template;
    private final String headerId;

    /** A message per call from {@code fixture}; {@code performer}, when given, names the recipient partner. */
    public BarsMessages(Path fixture, String performer) throws IOException {
        JsonNode bundle = JSON.readTree(Files.readString(fixture, StandardCharsets.UTF_8));
        ((ObjectNode) bundle).put("id", BUNDLE);
        ((ObjectNode) bundle.get("identifier")).put("value", "urn:uuid:" + BUNDLE);
        String header = null;
        for (JsonNode entry : bundle.get("entry")) {
            JsonNode resource = entry.get("resource");
            switch (resource.get("resourceType").asText()) {
                case "MessageHeader" -> header = resource.get("id").asText();
                case "ServiceRequest" -> {
                    ((ObjectNode) resource.get("identifier").get(0)).put("value", SOURCE_REFERENCE);
                    if (performer != null) {
                        for (JsonNode target : resource.path("performer")) {
                            JsonNode identifier = target.path("identifier");
                            if (PARTNER_SYSTEM.equals(identifier.path("system").asText())) {
                                ((ObjectNode) identifier).put("value", performer);
                            }
                        }
                    }
                }
                case "Patient" -> {
                    for (JsonNode identifier : resource.get("identifier")) {
                        // The hospital's own number too: one number shared by every message would make
                        // them all one person to the hub, whose deliveries then queue behind each other.
                        ((ObjectNode) identifier).put("value",
                                NHS_SYSTEM.equals(identifier.path("system").asText()) ? NHS_NUMBER : LOCAL_ID);
                    }
                }
                default -> { }
            }
        }
        if (header == null) {
            throw new IllegalArgumentException(fixture + " is not a FHIR message: no MessageHeader");
        }
        this.headerId = header;
        this.template = JSON.writeValueAsString(bundle);
        for (String marker : new String[] {BUNDLE, SOURCE_REFERENCE, NHS_NUMBER}) {
            if (!template.contains(marker)) {
                throw new IllegalArgumentException(fixture + " has no place for " + marker);
            }
        }
    }

    /** A new referral about a new (synthetic) person. */
    public byte[] next(RandomGenerator random) {
        String id = UUID.randomUUID().toString();
        return template.replace(BUNDLE, id)
                .replace(headerId, UUID.randomUUID().toString())
                .replace(SOURCE_REFERENCE, "BENCH-" + id)
                .replace(NHS_NUMBER, NhsNumbers.next(random))
                .replace(LOCAL_ID, "BENCH-MRN-" + id)
                .getBytes(StandardCharsets.UTF_8);
    }
}
