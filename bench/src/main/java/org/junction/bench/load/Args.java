package org.junction.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of the harness's programs: {@code --name value} or {@code --name=value};
 * a name given more than once keeps every value, in order.
 */
public final class Args {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    public Args(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + a);
            }
            String name;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                name = a.substring(2);
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = argv[++i];
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    public String get(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    public String required(String name) {
        String v = get(name, null);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public long getLong(String name, long fallback) {
        String v = get(name, null);
        return v == null ? fallback : Long.parseLong(v);
    }

    public double getDouble(String name, double fallback) {
        String v = get(name, null);
        return v == null ? fallback : Double.parseDouble(v);
    }

    /** A duration as {@code 500ms}, {@code 30s}, {@code 5m} or plain seconds. */
    public Duration getDuration(String name, Duration fallback) {
        String v = get(name, null);
        return v == null ? fallback : parseDuration(v);
    }

    public static Duration parseDuration(String v) {
        String s = v.strip().toLowerCase(java.util.Locale.ROOT);
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
        }
        if (s.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    }
}
