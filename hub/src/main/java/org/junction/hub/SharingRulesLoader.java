package org.junction.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junction.security.sharing.SharingRules;
import org.junction.security.sharing.SharingRulesFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads {@code sharing-rules.yaml} from the configuration directory at start. */
final class SharingRulesLoader {

    static final String FILE_NAME = "sharing-rules.yaml";
    private static final Logger log = LoggerFactory.getLogger(SharingRulesLoader.class);

    private SharingRulesLoader() {
    }

    static SharingRules load(Path configDir, Set<String> partnerIds, Set<String> receivers) {
        Path file = configDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            log.warn("No {} in {}: no flow is configured, so every referral will be denied", FILE_NAME, configDir);
            return new SharingRules(List.of());
        }
        try {
            SharingRules rules = SharingRulesFile.parse(Files.readString(file, StandardCharsets.UTF_8),
                    file.toString(), partnerIds, receivers);
            log.info("Loaded {} sharing rules from {}", rules.rules().size(), file);
            return rules;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
