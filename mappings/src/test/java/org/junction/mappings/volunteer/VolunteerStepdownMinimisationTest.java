package org.junction.mappings.volunteer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.testing.GoldenFiles;
import org.junction.mappings.testing.Models;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The step-down rendering must never carry what a volunteer organisation has no need for. For
 * every golden case, each forbidden value of the input referral is looked for in the rendered
 * bytes and in every decoded string of the rendered JSON (so an escaped quote or line break
 * cannot hide a match).
 */
class VolunteerStepdownMinimisationTest {

    private static final DateTimeFormatter UK_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    // Shorter values (two-letter codes, "01") would match by accident; codes are compared whole instead.
    private static final int MIN_SUBSTRING_LENGTH = 4;

    private final VolunteerStepdownJsonMapper mapper = new VolunteerStepdownJsonMapper();

    @TestFactory
    Stream<DynamicTest> noGoldenCaseRendersAForbiddenValue() {
        return GoldenFiles.eachCase(VolunteerStepdownJsonMapper.ID, 5, this::checkCase);
    }

    @Test
    void checkerFindsANarrativeThatLeaksIntoTheRendering() {
        ReferralModel model = Models.full();
        String leaked = "{\"requestedSupport\":\"" + model.narrative() + "\"}";

        assertThat(leaks(model, leaked.getBytes(StandardCharsets.UTF_8))).containsKey("narrative");
    }

    @Test
    void checkerFindsAConcernCodeAndAnEscapedAddressLine() {
        ReferralModel model = Models.full();
        String leaked = "{\"tags\":[\"DA\"],\"note\":\"" + model.subject().addresses().get(0).lines().get(1) + "\"}";

        assertThat(leaks(model, leaked.getBytes(StandardCharsets.UTF_8)))
                .containsKeys("concerns", "subject.addresses.lines");
    }

    private void checkCase(Path dir) {
        Referral referral = VolunteerStepdownJsonMapperGoldenTest.input(dir);
        byte[] rendered = mapper.render(referral, VolunteerStepdownJsonMapperGoldenTest.CONTEXT);

        assertThat(leaks(referral.model(), rendered)).as("forbidden values rendered for " + dir.getFileName()).isEmpty();
    }

    /** Forbidden item -> the values of it found in the rendering. */
    static Map<String, List<String>> leaks(ReferralModel model, byte[] rendered) {
        String raw = new String(rendered, StandardCharsets.UTF_8);
        List<String> strings = new ArrayList<>();
        try {
            collectStrings(GoldenFiles.JSON.readTree(rendered), strings);
        } catch (IOException e) {
            throw new AssertionError("the rendering is not JSON", e);
        }
        Set<String> allowed = allowedNameParts(model);
        Map<String, List<String>> found = new LinkedHashMap<>();
        forbiddenText(model).forEach((item, values) -> {
            List<String> hits = values.stream()
                    .filter(v -> v != null && v.strip().length() >= MIN_SUBSTRING_LENGTH && !allowed.contains(v))
                    .filter(v -> raw.contains(v) || strings.stream().anyMatch(s -> s.contains(v)))
                    .distinct()
                    .toList();
            if (!hits.isEmpty()) {
                found.put(item, hits);
            }
        });
        forbiddenCodes(model).forEach((item, codes) -> {
            List<String> hits = codes.stream().filter(strings::contains).distinct().toList();
            if (!hits.isEmpty()) {
                found.put(item, hits);
            }
        });
        return found;
    }

    private static Map<String, List<String>> forbiddenText(ReferralModel model) {
        Map<String, List<String>> forbidden = new LinkedHashMap<>();
        ReferralModel.Subject subject = model.subject();
        put(forbidden, "narrative", model.narrative());
        put(forbidden, "sourceRef", model.sourceRef());
        put(forbidden, "incidentRef", model.incidentRef());
        subject.identifiers().forEach(id -> put(forbidden, "subject.identifiers", id.value()));
        if (subject.birthDate() != null) {
            put(forbidden, "subject.birthDate", subject.birthDate().toString());
            put(forbidden, "subject.birthDate", subject.birthDate().format(UK_DATE));
        }
        if (subject.name() != null) {
            subject.name().aliases().forEach(a -> put(forbidden, "subject.name.aliases", a));
        }
        for (ReferralModel.Address address : subject.addresses()) {
            address(forbidden, "subject.addresses", address);
        }
        for (ReferralModel.Contact contact : subject.contacts()) {
            if (!Boolean.TRUE.equals(contact.safeToContact())) {
                put(forbidden, "subject.contacts (not marked safe)", contact.value());
                put(forbidden, "subject.contacts (not marked safe)", contact.safeTimes());
            }
        }
        put(forbidden, "subject.gpOdsCode", subject.gpOdsCode());
        for (ReferralModel.RelatedPerson person : model.relatedPersons()) {
            if (person.name() != null) {
                person.name().given().forEach(g -> put(forbidden, "relatedPersons.name", g));
                put(forbidden, "relatedPersons.name", person.name().family());
                person.name().aliases().forEach(a -> put(forbidden, "relatedPersons.name", a));
            }
            if (person.birthDate() != null) {
                put(forbidden, "relatedPersons.birthDate", person.birthDate().toString());
            }
            if (person.address() != null) {
                address(forbidden, "relatedPersons.address", person.address());
            }
        }
        if (model.risk() != null) {
            put(forbidden, "risk.judgementReason", model.risk().judgementReason());
        }
        professional(forbidden, "requester", model.requester());
        if (model.supervisor() != null) {
            professional(forbidden, "supervisor", model.supervisor());
        }
        put(forbidden, "consent.reason", model.consent().reason());
        if (model.consent().recordedAt() != null) {
            put(forbidden, "consent.recordedAt", model.consent().recordedAt().toString());
        }
        return forbidden;
    }

    private static Map<String, List<String>> forbiddenCodes(ReferralModel model) {
        Map<String, List<String>> codes = new LinkedHashMap<>();
        codes.put("concerns", model.concerns());
        codes.put("referralType", List.of(model.referralType()));
        if (model.risk() != null) {
            List<String> risk = new ArrayList<>();
            risk.add(model.risk().grade());
            if (model.risk().tool() != null) {
                risk.add(model.risk().tool());
            }
            if (model.risk().score() != null) {
                risk.add(model.risk().score().toString());
            }
            codes.put("risk", risk);
        }
        codes.put("relatedPersons.role", model.relatedPersons().stream().map(ReferralModel.RelatedPerson::role).toList());
        // Words such as "child" or "mother" occur in needs; only a whole value would be a leak.
        codes.put("relatedPersons.relationship", model.relatedPersons().stream()
                .map(ReferralModel.RelatedPerson::relationship).filter(r -> r != null).toList());
        return codes;
    }

    private static void address(Map<String, List<String>> forbidden, String item, ReferralModel.Address address) {
        address.lines().forEach(l -> put(forbidden, item + ".lines", l));
        // Town and district are area-level, like the postcode district the format does send, and
        // commonly appear in team names ("Weymouth Neighbourhood Team"): not forbidden.
        put(forbidden, item + ".uprn", address.uprn());
        if (address.postcode() != null) {
            String compact = address.postcode().replaceAll("\\s+", "");
            put(forbidden, item + ".postcode", address.postcode());
            put(forbidden, item + ".postcode", compact);
            put(forbidden, item + ".postcode", compact.toUpperCase());
        }
    }

    private static void professional(Map<String, List<String>> forbidden, String item, ReferralModel.Professional p) {
        if (p == null) {
            return;
        }
        put(forbidden, item + ".name", p.name());
        put(forbidden, item + ".identifier", p.identifier());
        put(forbidden, item + ".role", p.role());
        put(forbidden, item + ".phone", p.phone());
        put(forbidden, item + ".email", p.email());
    }

    // A relative often shares the subject's family name, which the rendering may carry.
    private static Set<String> allowedNameParts(ReferralModel model) {
        ReferralModel.Name name = model.subject().name();
        if (name == null) {
            return Set.of();
        }
        return Stream.concat(name.given().stream(), Stream.ofNullable(name.family())).collect(Collectors.toSet());
    }

    private static void put(Map<String, List<String>> map, String item, String value) {
        if (value != null) {
            map.computeIfAbsent(item, k -> new ArrayList<>()).add(value);
        }
    }

    private static void collectStrings(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.textValue());
        } else if (node.isNumber()) {
            into.add(node.asText());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            into.add(field.getKey());
            collectStrings(field.getValue(), into);
        }
        if (node.isArray()) {
            node.forEach(item -> collectStrings(item, into));
        }
    }
}
