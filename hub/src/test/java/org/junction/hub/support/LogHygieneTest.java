package org.junction.hub.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The canary: the guard does see personal data in a log line, and leaves ids alone. */
class LogHygieneTest {

    private static final Logger log = LoggerFactory.getLogger(LogHygieneTest.class);

    @Test
    void canaryLineWithAnNhsNumberAndATestNameIsCaught() {
        // The CLI tests run the command line in this JVM, and it turns the hub's loggers down to WARN.
        ((ch.qos.logback.classic.Logger) log).setLevel(ch.qos.logback.classic.Level.INFO);
        LogHygiene.drain();
        log.info("canary: referral for 9990000018 Halloway");

        assertThat(LogHygiene.drain()).hasSize(2).allSatisfy(v -> assertThat(v).contains(LogHygieneTest.class.getName()));
        assertThat(LogHygiene.watchedWordCount()).as("names read from the test sources").isGreaterThan(20);
    }

    @Test
    void idsHashesAndCodesPassUntouched() {
        LogHygiene.drain();
        log.info("Referral 3f2a9990000018ab-0000-4000-8000-000000000001 for gp-test: PERMIT (CONSENT_GIVEN), p1:9990000026ff");

        assertThat(LogHygiene.drain()).isEmpty();
    }
}
