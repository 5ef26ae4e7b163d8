package org.junction.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.SettingProblem;
import org.junction.mappings.MapperRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduledBulkAdapterTest {

    private static final MapperRegistry MAPPERS = MapperRegistry.standard();
    private static final String BULK = "police-high-demand-csv-v1";
    private final ScheduledBulkAdapter adapter = new ScheduledBulkAdapter(null);

    @TempDir
    Path dir;

    @Test
    void aFileDropAndAnSftpLocationAreAccepted() throws IOException {
        assertThat(keys(new AdapterSettings("scheduled-bulk", "file:" + dir, BULK, null,
                Map.of("schedule", "0 0 6 * * *")))).isEmpty();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "police.example ssh-ed25519 AAAA\n");
        assertThat(keys(new AdapterSettings("scheduled-bulk", "sftp://police.example/high-demand", BULK, "env:PATH",
                Map.of("schedule", "0 30 2 * * MON-FRI", "username", "junction", "known-hosts", knownHosts.toString()))))
                .isEmpty();
    }

    @Test
    void theScheduleIsRequiredAndMustBeACronExpression() {
        assertThat(keys(fileDrop(Map.of()))).containsExactly("options.schedule");
        for (String bad : List.of("daily", "0 6 * * *", "61 * * * * *", "* * * * * * * *")) {
            assertThat(keys(fileDrop(Map.of("schedule", bad)))).as(bad).containsExactly("options.schedule");
        }
    }

    @Test
    void theFormatMustBeABulkOne() {
        assertThat(keys(new AdapterSettings("scheduled-bulk", "file:" + dir, "police-referral-json-v1", null,
                Map.of("schedule", "0 * * * * *")))).containsExactly("mapper");
        assertThat(keys(new AdapterSettings("scheduled-bulk", "file:" + dir, null, null,
                Map.of("schedule", "0 * * * * *")))).containsExactly("mapper");
    }

    @Test
    void theEndpointIsAnAbsoluteDropDirectoryOrAnSftpLocation() {
        for (String bad : List.of("https://police.example/feed", "file:relative/dir", "file:/drop?delete=false",
                "sftp://police.example/feed?localWorkDirectory=/tmp")) {
            assertThat(keys(new AdapterSettings("scheduled-bulk", bad, BULK, bad.startsWith("sftp") ? "env:PATH" : null,
                    Map.of("schedule", "0 * * * * *", "strict-host-key-checking", "no")
                            .entrySet().stream().filter(e -> bad.startsWith("sftp") || e.getKey().equals("schedule"))
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))))
                    .as(bad).contains("endpoint").doesNotContain("mapper", "options.schedule");
        }
        assertThat(keys(new AdapterSettings("scheduled-bulk", null, BULK, null, Map.of("schedule", "0 * * * * *"))))
                .containsExactly("endpoint");
    }

    @Test
    void anSftpLocationNeedsCredentialsAUserAndHostKeys() {
        assertThat(keys(new AdapterSettings("scheduled-bulk", "sftp://police.example/feed", BULK, null,
                Map.of("schedule", "0 * * * * *"))))
                .containsExactlyInAnyOrder("credentials", "options.username", "options.known-hosts");
    }

    @Test
    void aFileDropTakesNoCredentialsAndNoSftpOptions() {
        assertThat(keys(new AdapterSettings("scheduled-bulk", "file:" + dir, BULK, "env:PATH",
                Map.of("schedule", "0 * * * * *")))).containsExactly("credentials");
        assertThat(keys(fileDrop(Map.of("schedule", "0 * * * * *", "username", "junction"))))
                .containsExactlyInAnyOrder("options.username");
        assertThat(keys(fileDrop(Map.of("schedule", "0 * * * * *", "poll-delay", "5s"))))
                .containsExactly("options.poll-delay");
    }

    private AdapterSettings fileDrop(Map<String, String> options) {
        return new AdapterSettings("scheduled-bulk", "file:" + dir, BULK, null, options);
    }

    private List<String> keys(AdapterSettings settings) {
        return adapter.validate(Direction.SOURCE, settings, MAPPERS).stream().map(SettingProblem::key).toList();
    }
}
