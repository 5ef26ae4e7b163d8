package org.junction.bench.run;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A few values from the hub's Prometheus scrape, each summed over its labels. */
final class Prometheus {

    /** Heap after the last collection (Micrometer's long-lived pool after GC), the queues, the process. */
    static final List<String> NAMES = List.of("jvm_gc_live_data_size_bytes", "jvm_memory_used_bytes",
            "junction_queue_depth", "process_cpu_usage", "jvm_threads_live_threads");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI url;

    Prometheus(URI url) {
        this.url = url;
    }

    /** The values now; empty if the scrape fails (a measurement goes on without them). */
    Map<String, Double> scrape() {
        Map<String, Double> values = new LinkedHashMap<>();
        try {
            String body = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    continue;
                }
                String name = brace > 0 ? line.substring(0, brace) : line.substring(0, space);
                if (NAMES.contains(name) && (!name.equals("jvm_memory_used_bytes") || line.contains("area=\"heap\""))) {
                    // Queue depths per queue: where a backlog builds up names the stage that is behind.
                    String key = switch (name) {
                        case "jvm_memory_used_bytes" -> "jvm_memory_used_bytes_heap";
                        case "junction_queue_depth" -> name + queueLabel(line);
                        default -> name;
                    };
                    values.merge(key, Double.parseDouble(line.substring(space + 1)), Double::sum);
                }
            }
        } catch (Exception e) {
            values.clear();
        }
        return values;
    }

    private static String queueLabel(String line) {
        int at = line.indexOf("queue=\"");
        return at < 0 ? "" : ":" + line.substring(at + 7, line.indexOf('"', at + 7));
    }
}
