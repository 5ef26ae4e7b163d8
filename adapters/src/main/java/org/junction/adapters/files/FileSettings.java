package org.junction.adapters.files;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.SettingProblem;
import org.springframework.scheduling.support.CronExpression;

/**
 * The settings the file adapter types share, checked once here for {@code validate} and read
 * again, the same way, when a route is built. An endpoint names only where the files are; every
 * transfer option is the hub's to choose, so a partner file cannot switch on a local work
 * directory, a processed-file copy or any other Camel option that would leave data behind.
 */
final class FileSettings {

    /** The account on the partner's SFTP server. */
    static final String USERNAME = "username";
    /** Path of an OpenSSH known_hosts file that holds the partner server's host key. */
    static final String KNOWN_HOSTS = "known-hosts";
    /** {@code yes} (the default) or {@code no}; {@code no} exists for tests against throwaway servers only. */
    static final String STRICT_HOST_KEY_CHECKING = "strict-host-key-checking";
    /** How long an SFTP source waits between polls: {@code 500ms}, {@code 30s}, {@code 5m}. */
    static final String POLL_DELAY = "poll-delay";
    /** When a scheduled source polls: a Spring cron expression (seconds first). */
    static final String SCHEDULE = "schedule";

    static final String DEFAULT_POLL_DELAY = "30s";
    static final List<String> SFTP_OPTIONS = List.of(USERNAME, KNOWN_HOSTS, STRICT_HOST_KEY_CHECKING);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Duration MIN_POLL_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_POLL_DELAY = Duration.ofDays(1);

    private FileSettings() {
    }

    static boolean isSftp(String endpoint) {
        return endpoint != null && endpoint.startsWith("sftp://");
    }

    static boolean isFile(String endpoint) {
        return endpoint != null && endpoint.startsWith("file:");
    }

    /** Problems with an {@code sftp://host[:port]/directory} endpoint and the options that go with it. */
    static List<SettingProblem> checkSftp(AdapterSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        String endpoint = settings.endpoint();
        if (endpoint != null) {
            if (!isSftp(endpoint)) {
                problems.add(new SettingProblem("endpoint", "an SFTP location: sftp://host[:port]/directory"));
            } else {
                sftpProblem(endpoint).ifPresent(reason -> problems.add(new SettingProblem("endpoint", reason)));
            }
        }
        if (settings.credentials() == null) {
            problems.add(new SettingProblem("credentials", "required: a reference to the SFTP password"));
        }
        String user = settings.options().get(USERNAME);
        if (user == null) {
            problems.add(new SettingProblem("options." + USERNAME, "required: the account on the partner's SFTP server"));
        } else if (!USER.matcher(user).matches()) {
            problems.add(new SettingProblem("options." + USERNAME, "letters, digits, '.', '_' and '-' only"));
        }
        String strict = settings.option(STRICT_HOST_KEY_CHECKING, "yes");
        String knownHosts = settings.options().get(KNOWN_HOSTS);
        if (!strict.equals("yes") && !strict.equals("no")) {
            problems.add(new SettingProblem("options." + STRICT_HOST_KEY_CHECKING, "yes or no"));
        } else if (strict.equals("yes") && knownHosts == null) {
            problems.add(new SettingProblem("options." + KNOWN_HOSTS,
                    "required: a known_hosts file with the partner server's host key"));
        }
        if (knownHosts != null) {
            Path path = Path.of(knownHosts);
            if (!path.isAbsolute()) {
                problems.add(new SettingProblem("options." + KNOWN_HOSTS, "an absolute path"));
            } else if (!Files.isReadable(path)) {
                problems.add(new SettingProblem("options." + KNOWN_HOSTS, "cannot be read"));
            }
        }
        return problems;
    }

    /** Problems with a {@code file:/absolute/directory} endpoint: the hub's own drop directory. */
    static List<SettingProblem> checkFile(AdapterSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        try {
            URI uri = new URI(settings.endpoint());
            if (uri.getQuery() != null || uri.getFragment() != null || uri.getPath() == null
                    || !uri.getPath().startsWith("/") || uri.getAuthority() != null) {
                problems.add(new SettingProblem("endpoint", "a directory: file:/absolute/path, without options"));
            }
        } catch (URISyntaxException e) {
            problems.add(new SettingProblem("endpoint", "not a valid file: URI"));
        }
        if (settings.credentials() != null) {
            problems.add(new SettingProblem("credentials", "a file drop directory takes no credentials"));
        }
        for (String key : SFTP_OPTIONS) {
            if (settings.options().containsKey(key)) {
                problems.add(new SettingProblem("options." + key, "only for sftp:// endpoints"));
            }
        }
        return problems;
    }

    static List<SettingProblem> checkPollDelay(AdapterSettings settings) {
        String value = settings.options().get(POLL_DELAY);
        if (value == null) {
            return List.of();
        }
        Duration delay = duration(value);
        if (delay == null || delay.compareTo(MIN_POLL_DELAY) < 0 || delay.compareTo(MAX_POLL_DELAY) > 0) {
            return List.of(new SettingProblem("options." + POLL_DELAY,
                    "a duration between 200ms and 24h, such as 500ms, 30s, 5m or 1h"));
        }
        return List.of();
    }

    static List<SettingProblem> checkSchedule(AdapterSettings settings) {
        String value = settings.options().get(SCHEDULE);
        if (value == null) {
            return List.of(new SettingProblem("options." + SCHEDULE,
                    "required: a cron expression, seconds first (\"0 0 6 * * *\" is 06:00 daily)"));
        }
        if (!CronExpression.isValidExpression(value)) {
            return List.of(new SettingProblem("options." + SCHEDULE,
                    "not a valid cron expression: six fields, seconds first (\"0 0 6 * * *\" is 06:00 daily)"));
        }
        return List.of();
    }

    /** @return the duration, or null when the text is not one */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static java.util.Optional<String> sftpProblem(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return java.util.Optional.of("not a valid URI");
        }
        if (uri.getHost() == null) {
            return java.util.Optional.of("needs a host: sftp://host[:port]/directory");
        }
        if (uri.getRawUserInfo() != null) {
            // A user-info part may carry a password inline; the account goes in options.username.
            return java.util.Optional.of("no user in the URI: set options.username and credentials");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            return java.util.Optional.of("no query options: transfer options are the hub's");
        }
        return java.util.Optional.empty();
    }

    /** A parameter of the route being built, or the fallback when the partner file did not set it. */
    static String parameter(Map<String, Object> parameters, String key, String fallback) {
        Object value = parameters.get(key);
        return value == null ? fallback : value.toString();
    }
}
