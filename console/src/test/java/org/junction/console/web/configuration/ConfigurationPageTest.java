package org.junction.console.web.configuration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junction.console.admin.PartnerAdministration.ChangeView;
import org.junction.console.admin.PartnerAdministration.DiffView;
import org.junit.jupiter.api.Test;

class ConfigurationPageTest {

    private static final ChangeView NONE = new ChangeView(List.of(), List.of(), List.of());

    @Test
    void aDryRunOfAnUnchangedDirectoryHasNothingToApply() {
        assertThat(ConfigurationPage.changes(new DiffView(NONE, NONE, NONE, NONE))).isFalse();
        assertThat(ConfigurationPage.changes(null)).isFalse();
        assertThat(ConfigurationPage.changes(new DiffView(NONE, NONE,
                new ChangeView(List.of("extra"), List.of(), List.of()), NONE))).isTrue();
    }

    @Test
    void theDigestTellsOneDifferenceFromAnother() {
        DiffView added = new DiffView(NONE, NONE, new ChangeView(List.of("extra"), List.of(), List.of()), NONE);
        DiffView removed = new DiffView(NONE, NONE, new ChangeView(List.of(), List.of("extra"), List.of()), NONE);

        assertThat(ConfigurationPage.digest(added)).hasSize(64).isEqualTo(ConfigurationPage.digest(
                new DiffView(NONE, NONE, new ChangeView(List.of("extra"), List.of(), List.of()), NONE)));
        assertThat(ConfigurationPage.digest(added)).isNotEqualTo(ConfigurationPage.digest(removed));
    }
}
