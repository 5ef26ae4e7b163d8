package org.junction.hub.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junction.hub.JunctionHub;
import org.junction.hub.production.ProductionSettingsCheck.Broker;
import org.junction.hub.production.ProductionSettingsCheck.Keys;
import org.junction.hub.production.ProductionSettingsCheck.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

class ProductionSettingsCheckTest {

    private static final String POSTGRES = "jdbc:postgresql://db.partnership.example:5432/junction";
    private static final String PAIR = "(tcp://live.example:61717,tcp://backup.example:61718)?ha=true";
    private static final Broker BROKER = new Broker("EXTERNAL", PAIR, "junction-hub", "file:/run/secrets/broker");
    private static final Keys KEYS = new Keys("/etc/junction/keys/junction-keys.p12", "file:/run/secrets/keys", false);

    @Test
    void aPostgresNodeWithFlywayOnItsOwnConfigurationPasses() {
        assertThat(ProductionSettingsCheck.problems(settings(false, POSTGRES, true, "/etc/junction/config")))
                .isEmpty();
    }

    @Test
    void anH2DatabaseIsRefusedNamingTheKeyButNotTheUrl() {
        var problems = ProductionSettingsCheck.problems(settings(false,
                "jdbc:h2:file:/var/lib/junction/db/junction;PASSWORD=hunter2", true, "/etc/junction/config"));
        assertThat(problems).singleElement().asString()
                .startsWith("spring.datasource.url: jdbc:h2: is not PostgreSQL")
                .doesNotContain("hunter2").doesNotContain("/var/lib");
    }

    @Test
    void aMissingDatabaseUrlSaysWhichVariablesToSet() {
        assertThat(ProductionSettingsCheck.problems(settings(false, "  ", true, null)))
                .singleElement().asString().startsWith("spring.datasource.url: not set").contains("HUB_DB_URL");
    }

    @Test
    void theDemoProfileFlywayOffAndTheDemoDirectoryAreEachNamed() {
        var problems = ProductionSettingsCheck.problems(settings(true, POSTGRES, false, "./deploy/demo/config"));
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("spring.profiles.active: the demo profile");
        assertThat(problems.get(1)).startsWith("spring.flyway.enabled: false");
        assertThat(problems.get(2)).startsWith("hub.config-dir: ./deploy/demo/config");
        assertThat(ProductionSettingsCheck.problems(settings(false, POSTGRES, true, "/srv/demo/config-2")))
                .as("only the demo's own directory").isEmpty();
    }

    @Test
    void theHubUnderTheShippedProductionProfileRefusesToStartWithoutPostgresBeforeOpeningAnything() {
        // application-production.yaml reads HUB_DB_URL; unset here, so the datasource URL is empty.
        assertThatThrownBy(() -> start("--spring.profiles.active=production"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("production settings refused: spring.datasource.url: not set");
        assertThatThrownBy(() -> start("--spring.profiles.active=production,demo",
                "--spring.datasource.url=jdbc:h2:mem:production-check"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the demo profile")
                .hasMessageContaining("jdbc:h2: is not PostgreSQL")
                .hasMessageContaining("hub.config-dir: ./deploy/demo/config");
    }

    @Test
    void onlyTheProductionProfileIsChecked() {
        assertThat(ProductionSettingsCheck.problems(settings(false, POSTGRES, true, null))).isEmpty();
        var environment = new org.springframework.mock.env.MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:h2:file:./data/db/junction");
        ProductionSettingsCheck.check(environment);
        environment.setActiveProfiles("production");
        assertThatThrownBy(() -> ProductionSettingsCheck.check(environment))
                .hasMessageContaining("jdbc:h2: is not PostgreSQL");
    }

    @Test
    void anEmbeddedBrokerIsRefusedNamingTheMode() {
        assertThat(ProductionSettingsCheck.problems(withBroker(new Broker("EMBEDDED", null, null, null))))
                .singleElement().asString().startsWith("hub.broker.mode: EMBEDDED").contains("HUB_BROKER_MODE=EXTERNAL");
        assertThat(ProductionSettingsCheck.problems(withBroker(new Broker(null, null, null, null))))
                .as("unset is the embedded default").singleElement().asString().startsWith("hub.broker.mode: EMBEDDED");
    }

    @Test
    void anExternalBrokerWithoutUrlUserOrPasswordIsRefusedNamingEach() {
        var problems = ProductionSettingsCheck.problems(withBroker(new Broker("EXTERNAL", " ", null, "")));
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("hub.broker.url: not set").contains("ha=true");
        assertThat(problems.get(1)).startsWith("hub.broker.user: not set");
        assertThat(problems.get(2)).startsWith("hub.broker.password: not set");
    }

    @Test
    void aBrokerPasswordInTheClearIsRefusedWithoutPrintingIt() {
        assertThat(ProductionSettingsCheck.problems(withBroker(new Broker("EXTERNAL", PAIR, "hub", "correct-horse"))))
                .singleElement().asString().startsWith("hub.broker.password: not a reference")
                .doesNotContain("correct-horse");
    }

    @Test
    void keysGeneratedOnTheNodeOrAMissingKeystoreAreRefused() {
        var generated = ProductionSettingsCheck.problems(new Settings(false, POSTGRES, true, "/etc/junction/config",
                BROKER, new Keys("/etc/junction/keys/junction-keys.p12", "file:/run/secrets/keys", true), false,
                List.of()));
        assertThat(generated).singleElement().asString().startsWith("hub.keys.generate-if-missing: true");
        var missing = ProductionSettingsCheck.problems(new Settings(false, POSTGRES, true, "/etc/junction/config",
                BROKER, new Keys(null, " ", false), false, List.of()));
        assertThat(missing).hasSize(2);
        assertThat(missing.get(0)).startsWith("hub.keys.keystore: not set");
        assertThat(missing.get(1)).startsWith("hub.keys.password: not set");
    }

    @Test
    void apiKeysAreRefused() {
        assertThat(ProductionSettingsCheck.problems(new Settings(false, POSTGRES, true, "/etc/junction/config",
                BROKER, KEYS, true, List.of())))
                .singleElement().asString().startsWith("hub.security.api-keys-allowed: true");
    }

    @Test
    void aCopyOfTheDemoPartnersInAnyDirectoryIsRefused(@TempDir Path config) throws Exception {
        Files.createDirectories(config.resolve("partners"));
        Path demo = Path.of(System.getProperty("junction.root.dir", Path.of("").toAbsolutePath().getParent().toString()))
                .resolve("deploy/demo/config/partners/police-demo.yaml");
        Files.copy(demo, config.resolve("partners/our-police.yaml"));
        Files.writeString(config.resolve("partners/gp-real.yaml"), "id: gp-real\nname: Real Practice\nkind: HEALTH\n");
        List<String> found = DemoPartners.foundIn(config);
        assertThat(found).containsExactly("police-demo");
        assertThat(ProductionSettingsCheck.problems(new Settings(false, POSTGRES, true, config.toString(), BROKER, KEYS,
                false, found))).singleElement().asString()
                .startsWith("hub.config-dir: " + config + " holds the demo's simulated partners [police-demo]");
        Files.delete(config.resolve("partners/our-police.yaml"));
        assertThat(DemoPartners.foundIn(config)).isEmpty();
    }

    @Test
    void theDemoPartnerIdsAreThoseOfTheDemoDirectory() throws Exception {
        Path partners = Path.of(System.getProperty("junction.root.dir", Path.of("").toAbsolutePath().getParent().toString()))
                .resolve("deploy/demo/config");
        assertThat(DemoPartners.foundIn(partners)).containsExactlyInAnyOrderElementsOf(DemoPartners.IDS);
    }

    @Test
    void underTheShippedProfileTheBrokerIsExternalAndItsSettingsAreRequired() {
        // Everything else in order: the broker's URL, user and password are what is missing.
        assertThatThrownBy(() -> start("--spring.profiles.active=production",
                "--spring.datasource.url=" + POSTGRES, "--hub.keys.keystore=/etc/junction/keys/junction-keys.p12",
                "--hub.keys.password=file:/run/secrets/keys", "--hub.config-dir=/etc/junction/config"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("production settings refused: "
                        + String.join("; ", ProductionSettingsCheck.problems(withBroker(new Broker("EXTERNAL", "", "", "")))));
        assertThatThrownBy(() -> start("--spring.profiles.active=production", "--hub.broker.mode=EMBEDDED",
                "--spring.datasource.url=" + POSTGRES, "--hub.keys.keystore=/etc/junction/keys/junction-keys.p12",
                "--hub.keys.password=file:/run/secrets/keys", "--hub.config-dir=/etc/junction/config"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("production settings refused: hub.broker.mode: EMBEDDED");
    }

    private static Settings settings(boolean demo, String url, boolean flyway, String configDir) {
        return new Settings(demo, url, flyway, configDir, BROKER, KEYS, false, List.of());
    }

    private static Settings withBroker(Broker broker) {
        return new Settings(false, POSTGRES, true, "/etc/junction/config", broker, KEYS, false, List.of());
    }

    private static void start(String... args) {
        new SpringApplicationBuilder(JunctionHub.class).web(WebApplicationType.NONE).logStartupInfo(false)
                .run(args).close();
    }
}
