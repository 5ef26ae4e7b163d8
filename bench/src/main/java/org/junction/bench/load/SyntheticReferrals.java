package org.junction.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic police referrals (police-referral-json-v1): invented names, NHS numbers from
 * the 999 range, consent given. Message {@code n} of a run depends only on the seed and {@code n},
 * so a run can be repeated exactly and a message rebuilt from its number.
 */
public final class SyntheticReferrals {

    private static final List<String> GIVEN = List.of("Alex", "Jordan", "Sam", "Robin", "Zoë", "Łucja", "Niamh",
            "Tomasz", "Aoife", "Dev", "Priya", "Kofi", "Ines", "Mateo", "Hana", "Oskar");
    private static final List<String> FAMILY = List.of("Testperson", "Exampleton", "Sampleford", "Ní Bhriain",
            "Wójcik-Invent", "Placeholder", "Fictionall", "Madeupson", "O'Notreal", "Dummett-Lane");
    private static final List<String> STREETS = List.of("Invented Row", "Example Street", "Sample Close",
            "Fictional Lane", "Nowhere Road");
    private static final List<String> NARRATIVES = List.of(
            "Officers attended a reported argument at the home address; the subject disclosed threats from an ex-partner.",
            "The subject was found distressed on a footbridge and agreed to support from local services.",
            "A neighbour reported that the subject has not been seen for several days; welfare check completed.",
            "The subject asked for help with housing and isolation after a burglary at the address.");
    private static final List<String> TYPES = List.of("ADULT_AT_RISK", "PPN_DOMESTIC_ABUSE", "MENTAL_HEALTH");

    /** One message to send: ids, body and the hash of the fields that must arrive. */
    public record Message(long seq, String clientMsgId, String key, byte[] body, String fieldsHash) {
    }

    private final long seed;
    private final String runId;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param runId a short id of this run ([A-Za-z0-9-]), part of every key and reference, so the
     *              keys of two runs against one hub never meet
     */
    public SyntheticReferrals(long seed, String runId) {
        if (!runId.matches("[A-Za-z0-9-]{1,24}")) {
            throw new IllegalArgumentException("run id must be 1-24 letters, digits or hyphens");
        }
        this.seed = seed;
        this.runId = runId;
    }

    public Message message(long seq) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + seq);
        String clientMsgId = runId + ":" + seq;
        // The idempotency key is opaque to the hub: random, but reproducible from the seed.
        String key = "k-" + runId + "-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE) + "-" + seq;
        ObjectNode root = json.createObjectNode();
        String sourceRef = "BENCH/" + runId + "/" + seq;
        root.put("sourceRef", sourceRef);
        root.put("incidentRef", "INC-" + seq);
        root.put("referralType", TYPES.get(random.nextInt(TYPES.size())));
        root.put("referralKind", "REFERRAL");
        root.put("purpose", "PATSFTY");
        root.put("priority", "routine");
        ObjectNode subject = root.putObject("subject");
        ObjectNode name = subject.putObject("name");
        ArrayNode given = name.putArray("given");
        given.add(pick(random, GIVEN));
        if (random.nextBoolean()) {
            given.add(pick(random, GIVEN));
        }
        name.put("family", pick(random, FAMILY));
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 60));
        subject.put("birthDate", birth.toString());
        subject.put("gender", random.nextBoolean() ? "female" : "male");
        subject.put("nhsNumber", NhsNumbers.next(random));
        ObjectNode address = subject.putObject("address");
        address.putArray("lines").add((1 + random.nextInt(200)) + " " + pick(random, STREETS));
        address.put("city", "Exampletown");
        address.put("postcode", "RV" + (1 + random.nextInt(4)) + " " + (1 + random.nextInt(9))
                + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)));
        root.putArray("concerns").add("MH");
        ObjectNode risk = root.putObject("risk");
        risk.put("tool", "DASH");
        risk.put("score", random.nextInt(24));
        risk.put("grade", "MEDIUM");
        root.put("narrative", pick(random, NARRATIVES) + " Reference " + seq + ".");
        ObjectNode officer = root.putObject("officer");
        officer.put("name", "PC Example");
        officer.put("collarNumber", Integer.toString(1000 + random.nextInt(9000)));
        officer.put("station", "Central");
        ObjectNode consent = root.putObject("consent");
        consent.put("status", "GIVEN");
        // A fixed past instant from the seed: message n is the same bytes every time it is built, so a
        // reconciliation can send it again under its key.
        consent.put("recordedAt", Instant.parse("2026-01-01T00:00:00Z").plus(random.nextInt(300 * 24 * 60),
                ChronoUnit.MINUTES).toString());
        try {
            byte[] body = json.writeValueAsBytes(root);
            return new Message(seq, clientMsgId, key, body, ReferralFields.fromPoliceJson(root).hash());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pick(SplittableRandom random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
