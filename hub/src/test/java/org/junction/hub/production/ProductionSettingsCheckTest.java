package org.junction.hub.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junction.hub.JunctionHub;
import org.junction.hub.production.ProductionSettingsCheck.Settings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

class ProductionSettingsCheckTest {

    private static final String POSTGRES = "jdbc:postgresql://db.partnership.example:5432/junction";

    @Test
    void aPostgresNodeWithFlywayOnItsOwnConfigurationPasses() {
        assertThat(ProductionSettingsCheck.problems(new Settings(false, POSTGRES, true, "/etc/junction/config")))
                .isEmpty();
    }

    @Test
    void anH2DatabaseIsRefusedNamingTheKeyButNotTheUrl() {
        var problems = ProductionSettingsCheck.problems(new Settings(false,
                "jdbc:h2:file:/var/lib/junction/db/junction;PASSWORD=hunter2", true, "/etc/junction/config"));
        assertThat(problems).singleElement().asString()
                .startsWith("spring.datasource.url: jdbc:h2: is not PostgreSQL")
                .doesNotContain("hunter2").doesNotContain("/var/lib");
    }

    @Test
    void aMissingDatabaseUrlSaysWhichVariablesToSet() {
        assertThat(ProductionSettingsCheck.problems(new Settings(false, "  ", true, null)))
                .singleElement().asString().startsWith("spring.datasource.url: not set").contains("HUB_DB_URL");
    }

    @Test
    void theDemoProfileFlywayOffAndTheDemoDirectoryAreEachNamed() {
        var problems = ProductionSettingsCheck.problems(new Settings(true, POSTGRES, false, "./deploy/demo/config"));
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("spring.profiles.active: the demo profile");
        assertThat(problems.get(1)).startsWith("spring.flyway.enabled: false");
        assertThat(problems.get(2)).startsWith("hub.config-dir: ./deploy/demo/config");
        assertThat(ProductionSettingsCheck.problems(new Settings(false, POSTGRES, true, "/srv/demo/config-2")))
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
        assertThat(ProductionSettingsCheck.problems(new Settings(false, POSTGRES, true, null))).isEmpty();
        var environment = new org.springframework.mock.env.MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:h2:file:./data/db/junction");
        ProductionSettingsCheck.check(environment);
        environment.setActiveProfiles("production");
        assertThatThrownBy(() -> ProductionSettingsCheck.check(environment))
                .hasMessageContaining("jdbc:h2: is not PostgreSQL");
    }

    private static void start(String... args) {
        new SpringApplicationBuilder(JunctionHub.class).web(WebApplicationType.NONE).logStartupInfo(false)
                .run(args).close();
    }
}
