package org.junction.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticReferralsTest {

    @Test
    void nhsNumbersAreInThe999RangeWithAValidCheckDigit() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            String n = NhsNumbers.next(random);
            assertThat(n).startsWith("999").hasSize(10);
            assertThat(NhsNumbers.isValid(n)).isTrue();
        }
        // The check digit of a published test number, and one whose remainder makes no valid number.
        assertThat(NhsNumbers.isValid("9990000018")).isTrue();
        assertThat(NhsNumbers.isValid("9990000019")).isFalse();
    }

    @Test
    void aMessageIsTheSameBytesForTheSameSeedAndDiffersOtherwise() {
        var a = new SyntheticReferrals(42, "run1").message(5);
        var again = new SyntheticReferrals(42, "run1").message(5);
        var otherSeed = new SyntheticReferrals(43, "run1").message(5);

        assertThat(again.body()).isEqualTo(a.body());
        assertThat(again.key()).isEqualTo(a.key());
        assertThat(otherSeed.key()).isNotEqualTo(a.key());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            keys.add(new SyntheticReferrals(42, "run1").message(i).key());
        }
        assertThat(keys).hasSize(500);
    }

    @Test
    void theFieldsHashOfWhatWasSentEqualsTheHashOfEitherRecipientFormatCarryingTheSameFields() throws Exception {
        var message = new SyntheticReferrals(1, "r").message(3);
        JsonNode police = JsonLines.mapper().readTree(message.body());
        ReferralFields sent = ReferralFields.fromPoliceJson(police);
        assertThat(sent.hash()).isEqualTo(message.fieldsHash());

        var council = JsonLines.mapper().createObjectNode();
        council.putObject("hub").put("trackingId", "t-1");
        council.put("caseRef", sent.sourceRef());
        council.put("summary", sent.narrative());
        var subject = council.putObject("subject");
        subject.put("nhsNumber", sent.nhsNumber());
        var name = subject.putObject("name");
        sent.given().forEach(name.putArray("forenames")::add);
        name.put("surname", sent.family());
        subject.put("dateOfBirth", sent.birthDate());
        subject.putArray("addresses").addObject().put("postcode", sent.postcode());
        assertThat(ReferralFields.fromDelivered(council).hash()).isEqualTo(message.fieldsHash());
        assertThat(ReferralFields.trackingIdOf(council)).isEqualTo("t-1");

        var mash = JsonLines.mapper().createObjectNode();
        mash.put("format", "mash-referral-json-v1");
        mash.put("hubTrackingId", "t-1");
        mash.put("referrerReference", sent.sourceRef());
        mash.put("narrative", sent.narrative());
        var mashSubject = mash.putObject("subject");
        mashSubject.put("nhsNumber", sent.nhsNumber());
        var mashName = mashSubject.putObject("name");
        sent.given().forEach(mashName.putArray("given")::add);
        mashName.put("family", sent.family());
        mashSubject.put("birthDate", sent.birthDate());
        mashSubject.putArray("addresses").addObject().put("postcode", sent.postcode());
        assertThat(ReferralFields.fromDelivered(mash).hash()).isEqualTo(message.fieldsHash());

        // One changed character in one field is a different hash.
        mashSubject.put("birthDate", sent.birthDate().replace('-', '/'));
        assertThat(ReferralFields.fromDelivered(mash).hash()).isNotEqualTo(message.fieldsHash());
    }
}
