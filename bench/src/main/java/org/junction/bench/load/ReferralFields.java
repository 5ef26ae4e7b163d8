package org.junction.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The fields of a police referral that must reach every recipient unchanged, whatever the
 * recipient's format: the force's reference, the NHS number, the person's names, birth date,
 * postcode and the officer's narrative. The load generator hashes them from what it sends; the
 * partner stub hashes them again from what arrives, so a corruption is found by the harness and
 * never taken from the hub's word.
 */
public record ReferralFields(String sourceRef, String nhsNumber, String family, List<String> given,
                             String birthDate, String postcode, String narrative) {

    public ReferralFields {
        given = List.copyOf(given);
    }

    /** SHA-256 (hex) over the fields, each on its own line and NFC-normalised. */
    public String hash() {
        StringBuilder canonical = new StringBuilder();
        line(canonical, "sourceRef", sourceRef);
        line(canonical, "nhsNumber", nhsNumber == null ? null : nhsNumber.replace(" ", ""));
        line(canonical, "family", family);
        line(canonical, "given", String.join(" ", given));
        line(canonical, "birthDate", birthDate);
        line(canonical, "postcode", postcode);
        line(canonical, "narrative", narrative);
        return sha256(canonical.toString());
    }

    private static void line(StringBuilder out, String name, String value) {
        String v = value == null ? "" : Normalizer.normalize(value, Normalizer.Form.NFC);
        // Escaped so a value holding a newline cannot pass for two fields.
        out.append(name).append('=').append(v.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From a police-referral-json-v1 document, as the force sends it. */
    public static ReferralFields fromPoliceJson(JsonNode police) {
        JsonNode subject = police.path("subject");
        JsonNode name = subject.path("name");
        return new ReferralFields(text(police, "sourceRef"), text(subject, "nhsNumber"), text(name, "family"),
                strings(name.path("given")), text(subject, "birthDate"),
                text(subject.path("address"), "postcode"), text(police, "narrative"));
    }

    /** The format a delivered document is in, from its shape; null when it is neither known format. */
    public static String formatOf(JsonNode delivered) {
        if (delivered.has("caseRef") && delivered.path("hub").has("trackingId")) {
            return "council-referral-json-v1";
        }
        if ("mash-referral-json-v1".equals(delivered.path("format").asText(null)) || delivered.has("referrerReference")) {
            return "mash-referral-json-v1";
        }
        return null;
    }

    /** The fields as a recipient received them, in council-referral-json-v1 or mash-referral-json-v1. */
    public static ReferralFields fromDelivered(JsonNode delivered) {
        String format = formatOf(delivered);
        if (format == null) {
            throw new IllegalArgumentException("neither council-referral-json-v1 nor mash-referral-json-v1");
        }
        JsonNode subject = delivered.path("subject");
        JsonNode name = subject.path("name");
        String postcode = text(subject.path("addresses").path(0), "postcode");
        if (format.equals("council-referral-json-v1")) {
            return new ReferralFields(text(delivered, "caseRef"), text(subject, "nhsNumber"), text(name, "surname"),
                    strings(name.path("forenames")), text(subject, "dateOfBirth"), postcode,
                    text(delivered, "summary"));
        }
        return new ReferralFields(text(delivered, "referrerReference"), text(subject, "nhsNumber"),
                text(name, "family"), strings(name.path("given")), text(subject, "birthDate"), postcode,
                text(delivered, "narrative"));
    }

    /** The hub's tracking id a delivered document names, or null. */
    public static String trackingIdOf(JsonNode delivered) {
        String council = text(delivered.path("hub"), "trackingId");
        return council != null ? council : text(delivered, "hubTrackingId");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
