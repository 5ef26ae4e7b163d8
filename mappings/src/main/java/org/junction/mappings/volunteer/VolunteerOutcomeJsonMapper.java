package org.junction.mappings.volunteer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * A volunteer platform's outcome for a community step-down referral, JSON version 1 (see
 * {@code mappings/formats/volunteer-outcome-json-v1.md}). Maps to the canonical outcome message of
 * {@link OutcomeBundles}; the referral is named by the {@code referralId} the step-down message
 * carried, which is the hub's tracking id.
 *
 * <p>The platform's code becomes a hub outcome code through the ConceptMap {@value #OUTCOME_MAP},
 * and the hub code decides the Task status: support under way is {@code in-progress}, a person
 * who could not be reached is {@code failed}, and a declined or closed referral is {@code completed}
 * (the platform's part is over either way).
 */
public final class VolunteerOutcomeJsonMapper implements InboundMapper {

    public static final String ID = "volunteer-outcome-json-v1";
    public static final String OUTCOME_MAP = "volunteer-outcome";

    /** Task status by hub outcome code; every target of {@value #OUTCOME_MAP} must have one. */
    static final Map<String, String> TASK_STATUS = Map.of(
            "ENGAGED", "in-progress",
            "DECLINED", "completed",
            "UNABLE_TO_CONTACT", "failed",
            "CLOSED", "completed");


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
        JsonNode document = StrictJson.parse(ID, input);
        List<Violation> violations = new ArrayList<>(JsonSchemas.validate(ID, document));
        if (!violations.isEmpty()) {
            // Rules on a document that breaks the schema would only repeat its faults.
            throw new MappingException(ID, violations);
        }
        // The platform records a day, not a moment: the outcome is stamped at the start of that day, UTC.
        LocalDate today = LocalDate.ofInstant(ctx.receivedAt(), ZoneOffset.UTC);
        LocalDate outcomeDate = null;
        try {
            outcomeDate = LocalDate.parse(text(document, "outcomeDate"));
            if (outcomeDate.isAfter(today)) {
                violations.add(Violation.rule("outcomeDate", "must not be in the future"));
            }
        } catch (DateTimeParseException e) {
            violations.add(Violation.malformed("outcomeDate", "is not a valid calendar date"));
        }
        Optional<String> outcomeCode = CodeTables.translate(OUTCOME_MAP, text(document, "outcome"));
        if (outcomeCode.isEmpty()) {
            violations.add(Violation.rule("outcome", "has no mapping in " + OUTCOME_MAP));
        }
        if (!violations.isEmpty()) {
            throw new MappingException(ID, violations);
        }
        String taskStatus = TASK_STATUS.get(outcomeCode.get());
        if (taskStatus == null) {
            throw new IllegalStateException("hub outcome " + outcomeCode.get() + " has no Task status in " + ID);
        }
        return new OutcomeModel(
                UUID.fromString(text(document, "referralId")),
                null,
                outcomeCode.get(),
                taskStatus,
                outcomeDate.atStartOfDay(ZoneOffset.UTC).toInstant(),
                text(document, "recordedByRole"),
                text(document, "reason"),
                text(document, "nextSteps"));
    }

    private static String text(JsonNode document, String name) {
        JsonNode value = document.get(name);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            return null;
        }
        return value.textValue().strip();
    }
}
