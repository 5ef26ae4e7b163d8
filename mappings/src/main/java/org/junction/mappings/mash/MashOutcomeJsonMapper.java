package org.junction.mappings.mash;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.MappingContext;
import org.junction.mappings.codes.CodeTables;
import org.junction.mappings.outcome.OutcomeBundles;
import org.junction.mappings.outcome.OutcomeModel;
import org.junction.mappings.json.StrictJson;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.schema.JsonSchemas;

/**
 * A MASH outcome, JSON version 1: what a Multi-Agency Safeguarding Hub decided about a referral
 * the hub delivered to it (see {@code mappings/formats/mash-outcome-json-v1.md}). Maps to the
 * canonical outcome message of {@link OutcomeBundles}, not to a referral.
 *
 * <p>The decision code becomes a hub outcome code through the ConceptMap {@value #OUTCOME_MAP},
 * and the hub code decides the Task status: a decision that closes the MASH's part is
 * {@code completed}, one that starts statutory or early-help work is {@code in-progress}, and a
 * referral the MASH would not take is {@code rejected}.
 */
public final class MashOutcomeJsonMapper implements InboundMapper {

    public static final String ID = "mash-outcome-json-v1";
    public static final String OUTCOME_MAP = "mash-outcome";

    /** Task status by hub outcome code; every target of {@value #OUTCOME_MAP} must have one. */
    static final Map<String, String> TASK_STATUS = Map.of(
            "NO_FURTHER_ACTION", "completed",
            "SIGNPOSTED", "completed",
            "REFERRED_ON", "completed",
            "NOT_ACCEPTED", "rejected",
            "EARLY_HELP", "in-progress",
            "CHILD_IN_NEED_ASSESSMENT", "in-progress",
            "CHILD_PROTECTION_ENQUIRY", "in-progress",
            "ADULT_SAFEGUARDING_ENQUIRY", "in-progress",
            "STRATEGY_DISCUSSION", "in-progress",
            "CARE_NEEDS_ASSESSMENT", "in-progress");

    // A MASH's clock may run a little ahead of the hub's; further ahead is a typing error.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);


    @Override
    public String id() {
        return ID;
    }

    @Override
    public Bundle map(byte[] input, MappingContext ctx) {
        return OutcomeBundles.toBundle(toModel(input, ctx), ctx);
    }

    /** The outcome as plain values, before it becomes a Bundle. */
    public OutcomeModel toModel(byte[] input, MappingContext ctx) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(ctx, "ctx");
        JsonNode doc = StrictJson.parse(ID, input);
        List<Violation> violations = new ArrayList<>(JsonSchemas.validate(ID, doc));
        List<Violation> schemaViolations = List.copyOf(violations);
        for (Violation rule : rules(doc, ctx)) {
            if (schemaViolations.stream().noneMatch(v -> v.field().equals(rule.field()) || v.field().equals("$"))) {
                violations.add(rule);
            }
        }
        if (!violations.isEmpty()) {
            throw new MappingException(ID, violations);
        }
        String trackingId = text(doc, "hubTrackingId");
        String outcomeCode = CodeTables.translate(OUTCOME_MAP, text(doc, "decision")).orElseThrow();
        String taskStatus = TASK_STATUS.get(outcomeCode);
        if (taskStatus == null) {
            throw new IllegalStateException("hub outcome " + outcomeCode + " has no Task status in " + ID);
        }
        return new OutcomeModel(
                trackingId == null ? null : UUID.fromString(trackingId),
                text(doc, "referrerReference"),
                outcomeCode,
                taskStatus,
                // FHIR keeps milliseconds; cutting here keeps the model equal to what the Bundle holds.
                OffsetDateTime.parse(text(doc, "decidedAt")).toInstant().truncatedTo(ChronoUnit.MILLIS),
                text(doc, "decidedByRole"),
                text(doc, "reason"),
                text(doc, "nextSteps"));
    }

    private static List<Violation> rules(JsonNode doc, MappingContext ctx) {
        List<Violation> found = new ArrayList<>();
        if (!doc.isObject()) {
            return found;
        }
        if (!doc.has("hubTrackingId") && !doc.has("referrerReference")) {
            found.add(Violation.malformed("hubTrackingId", "or referrerReference is required to name the referral"));
        }
        String decision = text(doc, "decision");
        if (decision != null && CodeTables.translate(OUTCOME_MAP, decision).isEmpty()) {
            found.add(Violation.rule("decision", "has no mapping in " + OUTCOME_MAP));
        }
        String decidedAt = text(doc, "decidedAt");
        if (decidedAt != null) {
            try {
                Instant at = OffsetDateTime.parse(decidedAt).toInstant();
                if (at.isAfter(ctx.receivedAt().plus(CLOCK_SKEW))) {
                    found.add(Violation.rule("decidedAt", "must not be in the future"));
                }
            } catch (DateTimeParseException e) {
                found.add(Violation.malformed("decidedAt", "is not a real date and time"));
            }
        }
        return found;
    }

    private static String text(JsonNode parent, String name) {
        JsonNode value = parent.get(name);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            return null;
        }
        return value.textValue().strip();
    }
}
