package org.junction.hub.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A log appender that watches every line the hub logs during the tests for the synthetic personal
 * data the tests send: NHS numbers, and the names, address and birth date in the test referrals.
 * {@link LogHygieneExtension} fails the test during which such a line appeared. The names are read
 * from the test sources themselves, so a new test's people are watched for without a list to keep.
 */
public class LogHygiene extends AppenderBase<ILoggingEvent> {

    /** An NHS number in the synthetic 999 range, not inside a longer run of hex (a UUID, a hash). */
    static final Pattern NHS_NUMBER = Pattern.compile("(?<![0-9A-Fa-f])999\\d{7}(?![0-9A-Fa-f])");
    private static final Pattern NAMED_IN_TESTS = Pattern.compile(
            "police\\(\\s*(?:\"999\\d{7}\"|[A-Za-z.()0-9 +]+),\\s*\"([A-Z][a-z]+)\",\\s*\"([A-Z][a-z]+)\"");
    /** What the sample referral itself carries besides the name. */
    private static final List<String> SAMPLE_DETAILS = List.of("Larkspur Row", "DT1 4QZ", "1986-04-12", "Rowan Ashby");

    private static final List<String> violations = new ArrayList<>();
    private static final Pattern WATCHED = watchedWords();

    @Override
    protected void append(ILoggingEvent event) {
        String text = event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()));
        found(text).forEach(token -> record(event.getLoggerName() + " logged '" + token + "': " + firstLine(text)));
    }

    /** The watched tokens in a piece of text: for logs of hubs run as separate processes. */
    public static List<String> found(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher numbers = NHS_NUMBER.matcher(text);
        while (numbers.find()) {
            tokens.add(numbers.group());
        }
        Matcher words = WATCHED.matcher(text);
        while (words.find()) {
            tokens.add(words.group());
        }
        return tokens;
    }

    static synchronized void record(String violation) {
        violations.add(violation);
    }

    /** The violations since the last call, which are then forgotten. */
    public static synchronized List<String> drain() {
        List<String> drained = List.copyOf(violations);
        violations.clear();
        return drained;
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static Pattern watchedWords() {
        Set<String> words = new LinkedHashSet<>(SAMPLE_DETAILS);
        Path sources = Path.of("src", "test", "java");
        if (Files.isDirectory(sources)) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher named = NAMED_IN_TESTS.matcher(Files.readString(file));
                    while (named.find()) {
                        words.add(named.group(1));
                        words.add(named.group(2));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Pattern.compile("\\b(" + String.join("|", words.stream().map(Pattern::quote).toList()) + ")\\b");
    }

    /** How many words are watched: the canary test checks the scanner found the test sources. */
    static int watchedWordCount() {
        return WATCHED.pattern().split("\\|").length;
    }
}
