package org.junction.hub.production;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the demo's simulated partners in a configuration directory, wherever it was copied to: the
 * demo police force logs in with a key published in the repository, and the demo practice is an
 * endpoint on loopback, so neither belongs in a partnership's configuration.
 */
final class DemoPartners {

    /** The partner ids of {@code deploy/demo/config/partners} (DemoPartnersTest keeps this in step). */
    static final Set<String> IDS = Set.of("police-demo", "gp-demo");

    private static final Pattern ID = Pattern.compile("(?m)^id:\\s*[\"']?([A-Za-z0-9._-]+)");

    private DemoPartners() {
    }

    /** The demo partner ids declared by partner files under {@code configDir/partners}, sorted; empty if none. */
    static List<String> foundIn(Path configDir) {
        Path partners = configDir.resolve("partners");
        if (!Files.isDirectory(partners)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(partners)) {
            return files.filter(file -> file.getFileName().toString().matches(".*\\.ya?ml"))
                    .map(DemoPartners::id).filter(IDS::contains).sorted().distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("hub.config-dir: cannot list " + partners, e);
        }
    }

    private static String id(Path file) {
        try {
            Matcher matcher = ID.matcher(Files.readString(file));
            return matcher.find() ? matcher.group(1) : "";
        } catch (IOException e) {
            // Unreadable here is unreadable to the configuration loader too, which reports it by name.
            return "";
        }
    }
}
