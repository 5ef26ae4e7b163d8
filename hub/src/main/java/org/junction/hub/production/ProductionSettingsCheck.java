package org.junction.hub.production;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junction.adapters.partner.SecretReferences;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Under the {@code production} profile a node refuses to start on settings that belong to the
 * embedded default or the demo: a database other than PostgreSQL (an H2 file is one node's disk,
 * not a store several nodes share), Flyway switched off, an embedded broker (its journal is one
 * node's disk too) or an external one it could not log in to, keys generated on the node instead of
 * the deployment's shared keystore, API keys, the demo profile (published keys, simulated partners,
 * a published person) or a configuration directory holding the demo's simulated partners.
 *
 * <p>It runs as a bean factory post-processor, before any ordinary bean is created: an empty or H2
 * datasource URL would otherwise be opened and migrated by Flyway before a bean-level check could
 * object.
 */
@Configuration(proxyBeanMethods = false)
public class ProductionSettingsCheck {

    public static final String PROFILE = "production";

    @Bean
    static BeanFactoryPostProcessor productionSettingsChecked(Environment environment) {
        return beanFactory -> check(environment);
    }

    /** @throws IllegalStateException naming every refused setting, under the production profile */
    public static void check(Environment environment) {
        if (!environment.acceptsProfiles(Profiles.of(PROFILE))) {
            return;
        }
        String configDir = property(environment, "hub.config-dir");
        List<String> problems = problems(new Settings(
                environment.acceptsProfiles(Profiles.of("demo")),
                property(environment, "spring.datasource.url"),
                environment.getProperty("spring.flyway.enabled", Boolean.class, true),
                configDir,
                new Broker(property(environment, "hub.broker.mode"), property(environment, "hub.broker.url"),
                        property(environment, "hub.broker.user"), property(environment, "hub.broker.password")),
                new Keys(property(environment, "hub.keys.keystore"), property(environment, "hub.keys.password"),
                        environment.getProperty("hub.keys.generate-if-missing", Boolean.class, false)),
                environment.getProperty("hub.security.api-keys-allowed", Boolean.class, true),
                configDir == null ? List.of() : DemoPartners.foundIn(Path.of(configDir))));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("production settings refused: " + String.join("; ", problems));
        }
    }

    /**
     * What the production profile reads to decide; null where a property is unset.
     *
     * @param demoPartners ids of the demo's simulated partners found in the configuration directory
     */
    public record Settings(boolean demoProfile, String datasourceUrl, boolean flywayEnabled, String configDir,
                           Broker broker, Keys keys, boolean apiKeysAllowed, List<String> demoPartners) {
    }

    /** {@code hub.broker.*}: the mode, and with {@code EXTERNAL} where and as whom the node logs in. */
    public record Broker(String mode, String url, String user, String password) {
    }

    /** {@code hub.keys.*}: the deployment's shared keystore and its password, and whether a node may make its own. */
    public record Keys(String keystore, String password, boolean generateIfMissing) {
    }

    /** Each setting that would make this a node of the embedded default or the demo, naming the key. */
    public static List<String> problems(Settings settings) {
        List<String> problems = new ArrayList<>();
        if (settings.demoProfile()) {
            problems.add("spring.profiles.active: the demo profile (published keys, simulated partners) cannot run "
                    + "with production");
        }
        String url = settings.datasourceUrl() == null ? "" : settings.datasourceUrl().strip();
        if (url.isEmpty()) {
            problems.add("spring.datasource.url: not set; production needs PostgreSQL "
                    + "(HUB_DB_URL=jdbc:postgresql://host:5432/junction, HUB_DB_USER, HUB_DB_PASSWORD)");
        } else if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            // The URL may carry a password: name only its scheme.
            problems.add("spring.datasource.url: " + scheme(url) + " is not PostgreSQL; production needs a "
                    + "jdbc:postgresql: database shared by every node (H2 is for the embedded default and the demo)");
        }
        if (!settings.flywayEnabled()) {
            problems.add("spring.flyway.enabled: false; production migrates its schema with Flyway at start");
        }
        problems.addAll(brokerProblems(settings.broker()));
        problems.addAll(keyProblems(settings.keys()));
        if (settings.apiKeysAllowed()) {
            problems.add("hub.security.api-keys-allowed: true; production refuses API keys (partners use client "
                    + "certificates or bearer tokens, people log in)");
        }
        if (settings.configDir() != null && isDemoConfig(settings.configDir())) {
            problems.add("hub.config-dir: " + settings.configDir() + " holds the demo's simulated partners; point it "
                    + "at the partnership's own configuration directory");
        } else if (!settings.demoPartners().isEmpty()) {
            // A copy of the demo's directory: its police partner logs in with a key published in the repository.
            problems.add("hub.config-dir: " + settings.configDir() + " holds the demo's simulated partners "
                    + settings.demoPartners() + "; remove them from the partnership's configuration directory");
        }
        return problems;
    }

    private static List<String> brokerProblems(Broker broker) {
        List<String> problems = new ArrayList<>();
        String mode = broker.mode() == null || broker.mode().isBlank() ? "EMBEDDED" : broker.mode().strip();
        if (!"EXTERNAL".equalsIgnoreCase(mode)) {
            problems.add("hub.broker.mode: " + mode.toUpperCase(Locale.ROOT) + "; production runs on the external "
                    + "Artemis pair (HUB_BROKER_MODE=EXTERNAL), not a broker in one node's JVM");
            return problems;
        }
        if (blank(broker.url())) {
            problems.add("hub.broker.url: not set; production names both brokers of the pair (HUB_BROKER_URL="
                    + "(tcp://live:61717,tcp://backup:61718)?ha=true&reconnectAttempts=-1)");
        }
        if (blank(broker.user())) {
            problems.add("hub.broker.user: not set; the hub's login on the broker pair (HUB_BROKER_USER)");
        }
        if (blank(broker.password())) {
            problems.add("hub.broker.password: not set; a reference to the hub's broker password "
                    + "(HUB_BROKER_PASSWORD=file:/path or env:NAME)");
        } else if (!SecretReferences.isReference(broker.password().strip())) {
            problems.add("hub.broker.password: not a reference; give file:/path or env:NAME, never the password");
        }
        return problems;
    }

    private static List<String> keyProblems(Keys keys) {
        List<String> problems = new ArrayList<>();
        if (keys.generateIfMissing()) {
            problems.add("hub.keys.generate-if-missing: true; every node of a deployment opens the one shared "
                    + "keystore and never generates its own (deploy/docs/keys-and-pki.md)");
        }
        if (blank(keys.keystore())) {
            problems.add("hub.keys.keystore: not set; production needs the deployment's keystore (HUB_KEYS_KEYSTORE)");
        }
        if (blank(keys.password())) {
            problems.add("hub.keys.password: not set; the keystore's password (HUB_KEYS_PASSWORD)");
        }
        return problems;
    }

    /** A property's value, or null where it is unset or names an environment variable that is not set. */
    private static String property(Environment environment, String key) {
        try {
            return environment.getProperty(key);
        } catch (IllegalArgumentException unresolved) {
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String scheme(String url) {
        String[] parts = url.split(":", 3);
        return parts.length >= 2 ? parts[0] + ":" + parts[1] + ":" : "'" + parts[0] + "'";
    }

    private static boolean isDemoConfig(String dir) {
        Path path = Path.of(dir).toAbsolutePath().normalize();
        int n = path.getNameCount();
        return n >= 3 && path.getName(n - 1).toString().equals("config") && path.getName(n - 2).toString().equals("demo")
                && path.getName(n - 3).toString().equals("deploy");
    }
}
