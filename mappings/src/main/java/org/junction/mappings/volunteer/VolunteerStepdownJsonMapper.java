package org.junction.mappings.volunteer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;
import org.junction.mappings.cancel.Cancellation;
import org.junction.mappings.cancel.CancellationDocuments;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralModel;

/**
 * Community step-down referral to a volunteer platform, JSON version 1: the minimum dataset a
 * non-statutory organisation needs to offer support (PRSB social prescribing referral set).
 *
 * <p>Minimisation is the point of this format, so the renderer is written as an allow-list: only
 * the fields below are ever read from the model, and each is reduced before it is written (safe
 * contact channels only, postcode district instead of the address, age band instead of the birth
 * date). Police narrative, concerns, offences, related persons, identifiers, risk scores and the
 * officer's own details are never read at all.
 *
 * <p>Whether the referral may be shared with the volunteer platform is the sharing decision's
 * call, made before rendering; this class only decides what the shared message contains.
 */
public final class VolunteerStepdownJsonMapper implements OutboundMapper {

    public static final String ID = "volunteer-stepdown-json-v1";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // Whole UK postcode without spaces: outward code (2-4 chars) then inward code (digit + 2 letters).
    private static final Pattern UK_POSTCODE = Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}");
    private static final int INWARD_CODE_LENGTH = 3;

    // Volunteer platforms treat minors differently, so the bands split exactly at 16 and 18.
    private static final int ADULT = 18;
    private static final int YOUNG_PERSON = 16;
    private static final int OLDEST_BAND = 90;

    // Recipients handle everything from this flow as OFFICIAL-SENSITIVE personal data, whatever
    // lower marking a source gave it; a higher marking is kept.
    private static final String MINIMUM_MARKING = "OFFICIAL-SENSITIVE";
    private static final String PERSONAL = "PERSONAL";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String mediaType() {
        return "application/json";
    }

    /** A cancellation document naming the referral as this format names it ({@code referralId}). */
    @Override
    public byte[] renderCancellation(Cancellation cancellation, RenderContext context) {
        return CancellationDocuments.json(ID, "referralId", cancellation, context);
    }

    /** The rejection notice to a sender, naming its referral as this format does ({@code referralId}). */
    @Override
    public byte[] renderRejection(org.junction.mappings.notice.RejectionNotice notice, RenderContext context) {
        return org.junction.mappings.notice.RejectionDocuments.json(ID, "referralId", notice, context);
    }

    @Override
    public byte[] renderFeedback(org.junction.mappings.notice.FeedbackNotice notice, RenderContext context) {
        return org.junction.mappings.notice.RejectionDocuments.feedbackJson(ID, "referralId", notice, context);
    }

    @Override
    public byte[] render(Referral referral, RenderContext context) {
        Objects.requireNonNull(referral, "referral");
        Objects.requireNonNull(context, "context");
        ReferralModel model = referral.model();
        LocalDate today = LocalDate.ofInstant(context.renderedAt(), ZoneOffset.UTC);

        ObjectNode root = NODES.objectNode();
        root.put("format", ID);
        // The hub's tracking id is the only identifier sent: the platform quotes it back in outcomes.
        root.put("referralId", referral.trackingId().toString());
        root.put("sentAt", context.renderedAt().toString());
        root.set("classification", classification(model.classification()));
        root.put("priority", model.priority() == null ? "routine" : model.priority());
        root.set("person", person(model.subject(), today));
        putIfPresent(root, "requestedSupport", model.requestedAction());
        root.set("needs", texts(model.needs(), "NEED"));
        root.set("whatMattersToMe", texts(model.needs(), "WHAT_MATTERS"));
        ArrayNode flags = root.putArray("volunteerSafetyFlags");
        VolunteerSafetyFlags.of(model).forEach(flags::add);
        root.putObject("consent").put("status", model.consent().status());
        if (model.requester() != null) {
            ObjectNode referrer = NODES.objectNode();
            putIfPresent(referrer, "organisation", model.requester().organisation());
            putIfPresent(referrer, "team", model.requester().team());
            if (!referrer.isEmpty()) {
                root.set("referrer", referrer);
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings could not be written as JSON", e);
        }
    }

    private static ObjectNode person(ReferralModel.Subject subject, LocalDate today) {
        ObjectNode person = NODES.objectNode();
        ReferralModel.Name name = subject.name();
        if (name != null) {
            ArrayNode given = person.putArray("givenNames");
            name.given().forEach(given::add);
            putIfPresent(person, "familyName", name.family());
        }
        putIfPresent(person, "ageBand", ageBand(subject.birthDate(), today));
        putIfPresent(person, "postcodeDistrict", postcodeDistrict(subject.addresses()));
        ArrayNode contacts = person.putArray("contacts");
        for (ReferralModel.Contact contact : subject.contacts()) {
            // Unknown counts as unsafe: a wrong guess can tell an abuser that the victim sought help.
            if (Boolean.TRUE.equals(contact.safeToContact()) && contact.value() != null) {
                ObjectNode channel = contacts.addObject();
                channel.put("channel", contact.system());
                channel.put("value", contact.value());
                putIfPresent(channel, "safeTimes", contact.safeTimes());
            }
        }
        putIfPresent(person, "language", subject.language());
        person.put("interpreterRequired", subject.interpreterRequired());
        putIfPresent(person, "communicationNeeds", subject.communicationNeeds());
        return person;
    }

    private static ObjectNode classification(ReferralModel.Classification classification) {
        ObjectNode node = NODES.objectNode();
        String marking = classification.marking();
        node.put("marking", "OFFICIAL".equals(marking) ? MINIMUM_MARKING : marking);
        Set<String> descriptors = new LinkedHashSet<>(classification.descriptors());
        descriptors.add(PERSONAL);
        ArrayNode array = node.putArray("descriptors");
        descriptors.forEach(array::add);
        return node;
    }

    private static ArrayNode texts(List<ReferralModel.NeedOrWish> needs, String kind) {
        ArrayNode array = NODES.arrayNode();
        for (ReferralModel.NeedOrWish need : needs) {
            if (kind.equals(need.kind()) && need.text() != null && !need.text().isBlank()) {
                array.add(need.text());
            }
        }
        return array;
    }

    /**
     * The person's age on {@code today} as a band: {@code 0-15}, {@code 16-17}, {@code 18-29},
     * then ten-year bands up to {@code 90+}. Null when the birth date is unknown or after today.
     */
    static String ageBand(LocalDate birthDate, LocalDate today) {
        if (birthDate == null || birthDate.isAfter(today)) {
            return null;
        }
        int age = Period.between(birthDate, today).getYears();
        if (age < YOUNG_PERSON) {
            return "0-15";
        }
        if (age < ADULT) {
            return "16-17";
        }
        if (age < 30) {
            return "18-29";
        }
        if (age >= OLDEST_BAND) {
            return OLDEST_BAND + "+";
        }
        int lower = age / 10 * 10;
        return lower + "-" + (lower + 9);
    }

    /**
     * The postcode district (outward code, e.g. {@code DT1}) of the current address: enough to
     * match a local volunteer, not enough to find the door. Null when no current address has a
     * well-formed UK postcode.
     */
    static String postcodeDistrict(List<ReferralModel.Address> addresses) {
        List<ReferralModel.Address> current = new ArrayList<>();
        addresses.stream().filter(a -> "home".equals(a.use())).forEach(current::add);
        addresses.stream().filter(a -> !"home".equals(a.use()) && !"old".equals(a.use())).forEach(current::add);
        for (ReferralModel.Address address : current) {
            if (address.postcode() == null) {
                continue;
            }
            String compact = address.postcode().replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
            if (UK_POSTCODE.matcher(compact).matches()) {
                return compact.substring(0, compact.length() - INWARD_CODE_LENGTH);
            }
        }
        return null;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null && !value.isBlank()) {
            node.put(name, value);
        }
    }
}
