package org.junction.hub.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Makes synthetic {@code police-referral-json-v1} bodies for the demo: invented people and places,
 * NHS numbers from the 999 test range only, and a mix of consent so that the hub's decisions
 * (share, hold, deny) all show up. Deterministic for a given random generator and clock.
 * Not thread-safe: the random generator is shared state.
 */
public final class DemoPoliceReferrals {

    // Valid Modulus 11 numbers from the 999 range, which is never issued to a real person.
    static final List<String> NHS_NUMBERS = List.of("9990000018", "9990000026", "9990000034", "9990000042",
            "9990000050", "9990000069", "9990000077", "9990000085", "9990000093", "9990000107");
    static final List<String> PURPOSES = List.of("PATSFTY", "COC");

    private static final List<String> GIVEN = List.of("Alex", "Robin", "Sam", "Jordan", "Morgan", "Casey",
            "Avery", "Quinn");
    private static final List<String> FAMILY = List.of("Madeup", "Fictional", "Notreal", "Placeholder",
            "Testperson", "Imaginary", "Samplesworth");
    private static final List<String> GENDERS = List.of("female", "male", "other", "unknown");
    private static final List<String> STREETS = List.of("Larkspur Row", "Nowhere Lane", "Imaginary Road",
            "Pretend Close", "Invented Way");
    private static final List<Town> TOWNS = List.of(new Town("Demoton", "DT1"), new Town("Exampletown", "EX3"),
            new Town("Samplebury", "SB2"));
    private static final List<Officer> OFFICERS = List.of(new Officer("PC Rowan Ashby", "4471", "Demoton Central"),
            new Officer("DC Placeholder", "9012", "Northside"), new Officer("PS Sample", "5678", "Exampletown"));
    private static final List<Kind> KINDS = List.of(
            new Kind("PPN_DOMESTIC_ABUSE", "[\"DA\", \"MH\"]", "{\"tool\": \"DASH\", \"score\": 15, \"grade\": \"HIGH\"}",
                    "Officers attended a reported argument; the subject disclosed repeated threats."),
            new Kind("ADULT_AT_RISK", "[\"FINANCIAL_ABUSE\", \"EXPLOITATION\"]",
                    "{\"tool\": \"LOCAL-VA\", \"score\": 4, \"grade\": \"MEDIUM\"}",
                    "Neighbour reported frequent visitors taking the subject to the bank."),
            new Kind("MENTAL_HEALTH", "[\"MH\", \"SELF_NEGLECT\"]", "{\"grade\": \"NOT_ASSESSED\"}",
                    "Concern for welfare call; the subject appeared confused and was not eating."),
            new Kind("MISSING", "[\"MISSING\", \"MH\"]", "{\"grade\": \"STANDARD\"}",
                    "The subject was reported missing overnight and was found safe the next morning."));

    private final RandomGenerator random;
    private final Clock clock;

    public DemoPoliceReferrals(RandomGenerator random, Clock clock) {
        this.random = Objects.requireNonNull(random);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The next referral body, in the shape the police API accepts. */
    public String next() {
        Kind kind = pick(KINDS);
        Town town = pick(TOWNS);
        Officer officer = pick(OFFICERS);
        LocalDate today = LocalDate.now(clock);
        LocalDate birthDate = today.minusYears(18 + random.nextInt(70)).minusDays(random.nextInt(365));
        String postcode = town.district() + " " + (1 + random.nextInt(9)) + letter() + letter();
        return """
                {
                  "sourceRef": "PVP/%d/%06d",
                  "incidentRef": "OEL-%d-%04d",
                  "referralType": "%s",
                  "purpose": "%s",
                  "priority": "%s",
                  "subject": {
                    "name": {"given": ["%s"], "family": "%s"},
                    "birthDate": "%s",
                    "gender": "%s",
                    "nhsNumber": "%s",
                    "address": {"lines": ["%d %s"], "city": "%s", "postcode": "%s"}
                  },
                  "concerns": %s,
                  "risk": %s,
                  "narrative": "%s",
                  "officer": {"name": "%s", "collarNumber": "%s", "station": "%s"},
                  "consent": %s
                }
                """.formatted(
                today.getYear(), random.nextInt(1_000_000),
                today.getYear(), random.nextInt(10_000),
                kind.referralType(),
                pick(PURPOSES),
                random.nextBoolean() ? "urgent" : "routine",
                pick(GIVEN), pick(FAMILY),
                birthDate,
                pick(GENDERS),
                pick(NHS_NUMBERS),
                1 + random.nextInt(120), pick(STREETS), town.name(), postcode,
                kind.concerns(),
                kind.risk(),
                kind.narrative(),
                officer.name(), officer.collarNumber(), officer.station(),
                consent());
    }

    private String consent() {
        // About two thirds consent; the rest split between not asked and refused, which the hub
        // must hold or deny unless another lawful basis applies.
        int roll = random.nextInt(6);
        String recordedAt = clock.instant().minus(Duration.ofMinutes(5 + random.nextInt(120)))
                .truncatedTo(ChronoUnit.SECONDS).toString();
        if (roll < 4) {
            return "{\"status\": \"GIVEN\", \"recordedAt\": \"" + recordedAt + "\"}";
        }
        if (roll == 4) {
            return "{\"status\": \"NOT_ASKED\", \"reason\": \"Subject left before officers could ask\"}";
        }
        // The police format requires the time of a decision, a refusal included.
        return "{\"status\": \"REFUSED\", \"recordedAt\": \"" + recordedAt + "\"}";
    }

    private char letter() {
        // Postcode inward letters exclude C, I, K, M, O and V.
        String letters = "ABDEFGHJLNPQRSTUWXYZ";
        return letters.charAt(random.nextInt(letters.length()));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private record Town(String name, String district) {
    }

    private record Officer(String name, String collarNumber, String station) {
    }

    private record Kind(String referralType, String concerns, String risk, String narrative) {
    }
}
