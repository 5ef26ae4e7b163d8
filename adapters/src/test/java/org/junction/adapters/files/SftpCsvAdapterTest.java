package org.junction.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.SettingProblem;
import org.junction.mappings.MapperRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftpCsvAdapterTest {

    private static final MapperRegistry MAPPERS = MapperRegistry.standard();
    private final SftpCsvAdapter adapter = new SftpCsvAdapter(MAPPERS, null, Clock.systemUTC());

    @TempDir
    Path dir;
    private String knownHosts;

    @BeforeEach
    void knownHostsFile() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "[127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHJ1bmN0aW9uLXRlc3Qta2V5LW5vdC1yZWFs\n");
        knownHosts = file.toString();
    }

    @Test
    void aCompleteSinkAndSourceAreAccepted() {
        assertThat(adapter.validate(Direction.SINK, sink(Map.of()), MAPPERS)).isEmpty();
        assertThat(adapter.validate(Direction.SOURCE, source("police-high-demand-csv-v1", Map.of("poll-delay", "5s")),
                MAPPERS)).isEmpty();
        assertThat(adapter.validate(Direction.SOURCE, source("police-referral-json-v1", Map.of()), MAPPERS)).isEmpty();
    }

    @Test
    void theEndpointIsRequiredAndMustBeAPlainSftpLocation() {
        assertThat(keys(Direction.SINK, with(sink(Map.of()), null))).containsExactly("endpoint");
        assertThat(keys(Direction.SINK, with(sink(Map.of()), "https://council.example/inbox"))).containsExactly("endpoint");
        assertThat(keys(Direction.SINK, with(sink(Map.of()), "sftp:///inbox"))).containsExactly("endpoint");
        // Camel options in the endpoint could switch on a local work directory: refused.
        assertThat(keys(Direction.SOURCE, with(source("police-high-demand-csv-v1", Map.of()),
                "sftp://police.example/outbox?localWorkDirectory=/tmp"))).containsExactly("endpoint");
        assertThat(keys(Direction.SINK, with(sink(Map.of()), "sftp://junction:secret@council.example/inbox")))
                .containsExactly("endpoint");
    }

    @Test
    void aSinkNeedsAnOutboundCsvFormat() {
        assertThat(keys(Direction.SINK, new AdapterSettings("sftp-csv", "sftp://council.example:2222/inbox",
                "council-referral-json-v1", "env:PATH", sftpOptions(Map.of())))).containsExactly("mapper");
        assertThat(keys(Direction.SINK, new AdapterSettings("sftp-csv", "sftp://council.example:2222/inbox",
                "police-high-demand-csv-v1", "env:PATH", sftpOptions(Map.of())))).containsExactly("mapper");
        assertThat(keys(Direction.SINK, new AdapterSettings("sftp-csv", "sftp://council.example:2222/inbox",
                null, "env:PATH", sftpOptions(Map.of())))).containsExactly("mapper");
    }

    @Test
    void aSourceNeedsAnInboundOrBulkFormat() {
        assertThat(keys(Direction.SOURCE, source("council-referral-csv-v1", Map.of()))).containsExactly("mapper");
        assertThat(keys(Direction.SOURCE, source("no-such-format-v1", Map.of()))).containsExactly("mapper");
    }

    @Test
    void credentialsAndUsernameAreRequired() {
        var settings = sink(Map.of());
        assertThat(keys(Direction.SINK, new AdapterSettings(settings.type(), settings.endpoint(), settings.mapper(),
                null, settings.options()))).containsExactly("credentials");
        Map<String, String> options = new HashMap<>(settings.options());
        options.remove("username");
        assertThat(keys(Direction.SINK, new AdapterSettings(settings.type(), settings.endpoint(), settings.mapper(),
                settings.credentials(), options))).containsExactly("options.username");
        options.put("username", "bad user;");
        assertThat(keys(Direction.SINK, new AdapterSettings(settings.type(), settings.endpoint(), settings.mapper(),
                settings.credentials(), options))).containsExactly("options.username");
    }

    @Test
    void hostKeysAreCheckedUnlessExplicitlySwitchedOff() {
        Map<String, String> options = new HashMap<>(sftpOptions(Map.of()));
        options.remove("known-hosts");
        assertThat(keys(Direction.SINK, sinkWith(options))).containsExactly("options.known-hosts");
        options.put("strict-host-key-checking", "no");
        assertThat(keys(Direction.SINK, sinkWith(options))).isEmpty();
        options.put("strict-host-key-checking", "maybe");
        assertThat(keys(Direction.SINK, sinkWith(options))).containsExactly("options.strict-host-key-checking");
        options.put("strict-host-key-checking", "yes");
        options.put("known-hosts", dir.resolve("missing").toString());
        assertThat(keys(Direction.SINK, sinkWith(options))).containsExactly("options.known-hosts");
        options.put("known-hosts", "relative/known_hosts");
        assertThat(keys(Direction.SINK, sinkWith(options))).containsExactly("options.known-hosts");
    }

    @Test
    void unknownOptionsAreRefusedByName() {
        assertThat(keys(Direction.SINK, sink(Map.of("localWorkDirectory", "/tmp")))).containsExactly("options.localWorkDirectory");
        // Polling is a source's business.
        assertThat(keys(Direction.SINK, sink(Map.of("poll-delay", "5s")))).containsExactly("options.poll-delay");
        assertThat(keys(Direction.SOURCE, source("police-high-demand-csv-v1", Map.of("schedule", "0 * * * * *"))))
                .containsExactly("options.schedule");
    }

    @Test
    void aPollDelayMustBeAReasonableDuration() {
        for (String bad : List.of("soon", "10", "0s", "100ms", "2d", "25h")) {
            assertThat(keys(Direction.SOURCE, source("police-high-demand-csv-v1", Map.of("poll-delay", bad))))
                    .as(bad).containsExactly("options.poll-delay");
        }
        for (String good : List.of("200ms", "1s", "30s", "5m", "24h")) {
            assertThat(keys(Direction.SOURCE, source("police-high-demand-csv-v1", Map.of("poll-delay", good))))
                    .as(good).isEmpty();
        }
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(keys(Direction.SINK, new AdapterSettings("sftp-csv", "ftp://council.example/inbox", "nope", null,
                Map.of("colour", "blue"))))
                .containsExactlyInAnyOrder("endpoint", "mapper", "credentials", "options.username", "options.known-hosts",
                        "options.colour");
    }

    private List<String> keys(Direction direction, AdapterSettings settings) {
        return adapter.validate(direction, settings, MAPPERS).stream().map(SettingProblem::key).toList();
    }

    private AdapterSettings sink(Map<String, String> extra) {
        return new AdapterSettings("sftp-csv", "sftp://council.example:2222/inbox", "council-referral-csv-v1",
                "env:PATH", sftpOptions(extra));
    }

    private AdapterSettings sinkWith(Map<String, String> options) {
        return new AdapterSettings("sftp-csv", "sftp://council.example:2222/inbox", "council-referral-csv-v1",
                "env:PATH", options);
    }

    private AdapterSettings source(String mapper, Map<String, String> extra) {
        return new AdapterSettings("sftp-csv", "sftp://police.example/outbox", mapper, "env:PATH", sftpOptions(extra));
    }

    private static AdapterSettings with(AdapterSettings settings, String endpoint) {
        return new AdapterSettings(settings.type(), endpoint, settings.mapper(), settings.credentials(), settings.options());
    }

    private Map<String, String> sftpOptions(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(Map.of("username", "junction", "known-hosts", knownHosts));
        options.putAll(extra);
        return options;
    }
}
