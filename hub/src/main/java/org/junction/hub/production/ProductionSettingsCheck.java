package org.junction.hub.production;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Under the {@code production} profile a node refuses to start on settings that belong to the
 * embedded default or the demo: a database other than PostgreSQL (an H2 file is one node's disk,
 * not a store several nodes share), Flyway switched off, the demo profile (published keys,
 * simulated partners, a published person) or the demo's configuration directory.
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
        List<String> problems = problems(new Settings(
                environment.acceptsProfiles(Profiles.of("demo")),
                environment.getProperty("spring.datasource.url"),
                environment.getProperty("spring.flyway.enabled", Boolean.class, true),
                environment.getProperty("hub.config-dir")));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("production settings refused: " + String.join("; ", problems));
        }
    }

    /** What the production profile reads to decide; null where a property is unset. */
    public record Settings(boolean demoProfile, String datasourceUrl, boolean flywayEnabled, String configDir) {
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
        if (settings.configDir() != null && isDemoConfig(settings.configDir())) {
            problems.add("hub.config-dir: " + settings.configDir() + " holds the demo's simulated partners; point it "
                    + "at the partnership's own configuration directory");
        }
        return problems;
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
