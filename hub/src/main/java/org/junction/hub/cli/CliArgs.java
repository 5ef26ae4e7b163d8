package org.junction.hub.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line words split into positionals, command options ({@code --name value} or
 * {@code --name=value}, repeatable) and Spring settings ({@code --hub.*}, {@code --spring.*},
 * {@code --logging.*}), which are passed on untouched to the settings the hub itself reads.
 */
final class CliArgs {

    private static final Set<String> SPRING_PREFIXES = Set.of("hub.", "spring.", "logging.", "management.");

    private final List<String> positionals = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> springArgs = new ArrayList<>();

    CliArgs(List<String> words, Set<String> flags) {
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("--")) {
                positionals.add(word);
                continue;
            }
            String body = word.substring(2);
            if (SPRING_PREFIXES.stream().anyMatch(body::startsWith)) {
                springArgs.add(word);
                continue;
            }
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (flags.contains(name)) {
                value = "true";
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw new UsageException("option --" + name + " needs a value");
            }
            options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    List<String> positionals() {
        return positionals;
    }

    String positional(int index, String what) {
        if (index >= positionals.size()) {
            throw new UsageException("missing " + what);
        }
        return positionals.get(index);
    }

    String option(String name, String fallback) {
        List<String> values = options.get(name);
        return values == null ? fallback : values.get(values.size() - 1);
    }

    String required(String name) {
        String value = option(name, null);
        if (value == null || value.isBlank()) {
            throw new UsageException("option --" + name + " is required");
        }
        return value;
    }

    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String value : options.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    /** Every value of a repeatable option, as given (not split at commas). */
    List<String> values(String name) {
        return List.copyOf(options.getOrDefault(name, List.of()));
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(option(name, "false"));
    }

    Duration days(String name, int fallback) {
        String value = option(name, String.valueOf(fallback));
        try {
            int days = Integer.parseInt(value);
            if (days < 1) {
                throw new UsageException("--" + name + " must be at least 1");
            }
            return Duration.ofDays(days);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number of days");
        }
    }

    List<String> springArgs() {
        return springArgs;
    }

    /** A mistake in how a command was called: reported with the usage text, exit status 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
