package org.junction.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junction.adapters.config.ConfigLoader;
import org.junction.adapters.config.ConfigSet;
import org.junction.adapters.config.InvalidConfigurationException;
import org.junction.adapters.fhir.FhirR4Adapter;
import org.junction.adapters.files.ScheduledBulkAdapter;
import org.junction.adapters.files.SftpCsvAdapter;
import org.junction.adapters.partner.PartnerKind;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.adapters.restjson.RestJsonAdapter;
import org.junction.adapters.spi.AdapterTypes;
import org.junction.adapters.webhook.WebhookAdapter;
import org.junction.mappings.MapperRegistry;
import org.junction.security.governance.agreement.Agreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example partnership in deploy/examples/partnership is a configuration directory the hub
 * loads as it stands: the real loader, the real adapter types' validation, zero problems. Files it
 * names under /etc/junction (secrets, known_hosts, keystores) exist only on a deployed node, so the
 * test loads a copy with that prefix moved into a temporary directory where each file is created.
 */
class ExamplePartnershipConfigTest {

    static final Path EXAMPLE = DeployFiles.root().resolve("deploy/examples/partnership");
    private static final String NODE_PREFIX = "/etc/junction/";
    private static final Pattern NODE_FILE = Pattern.compile(Pattern.quote(NODE_PREFIX) + "[A-Za-z0-9._/-]+");
    private static final MapperRegistry MAPPERS = MapperRegistry.standard();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path temp;

    @Test
    void theExamplePartnershipLoadsWithoutAProblem() throws IOException {
        ConfigSet set = load(copy());

        Map<String, PartnerSettings> partners = set.partners().stream()
                .collect(Collectors.toMap(PartnerSettings::id, p -> p));
        assertThat(partners).hasSize(9);
        assertThat(partners.values()).extracting(PartnerSettings::kind)
                .contains(PartnerKind.POLICE, PartnerKind.COUNCIL, PartnerKind.MASH, PartnerKind.HEALTH,
                        PartnerKind.VOLUNTEER);
        assertThat(partners.values().stream().filter(p -> p.kind() == PartnerKind.HEALTH)
                .filter(p -> p.sink() != null && "fhir-r4".equals(p.sink().type()))).hasSize(4);
        assertThat(set.agreements()).extracting(Agreement::id).containsExactly(
                "oakfield-housing-fast-track", "ribblevale-health-referrals", "ribblevale-vulnerability");
        assertThat(set.areaRouting().forPractice("D81001")).isEqualTo("gp-brookside");
        assertThat(set.areaRouting().forDistrict("RV2")).containsExactly("ribblevale-cru", "ribblevale-mash");
    }

    @Test
    void nothingSecretIsWrittenInTheExampleAndNoPartnerSignsInWithAnApiKey() throws IOException {
        for (Path file : yamlFiles()) {
            String text = Files.readString(file);
            assertThat(text).as(file + ": production refuses API keys").doesNotContain("api-key-sha256");
            for (String line : text.lines().filter(l -> l.strip().startsWith("credentials:")
                    || l.contains("password:")).toList()) {
                assertThat(line).as(file + ": secrets by reference").containsPattern("(env|file):");
            }
            assertThat(text).as(file + ": endpoints on example hosts only")
                    .doesNotContainPattern("(https?|sftp)://(?![a-z0-9.-]+\\.example[:/])");
        }
    }

    static ConfigSet load(Path dir) {
        var loader = new ConfigLoader(new AdapterTypes(List.of(
                new RestJsonAdapter(MAPPERS, TIMEOUT, TIMEOUT, Clock.systemUTC()),
                new WebhookAdapter(MAPPERS, TIMEOUT, TIMEOUT, Clock.systemUTC()),
                new FhirR4Adapter(null, TIMEOUT, TIMEOUT, Clock.systemUTC()),
                new SftpCsvAdapter(MAPPERS, () -> null, Clock.systemUTC()),
                new ScheduledBulkAdapter(() -> null))), MAPPERS);
        try {
            return loader.load(dir);
        } catch (InvalidConfigurationException e) {
            return fail("the example partnership has problems:\n" + e.problems().stream().map(Object::toString)
                    .collect(Collectors.joining("\n")));
        }
    }

    /** A copy of the example whose node files live under the temporary directory, each created. */
    private Path copy() throws IOException {
        Path dir = temp.resolve("config");
        Path node = temp.resolve("node");
        var nodeFiles = new TreeSet<String>();
        for (Path file : yamlFiles()) {
            String text = Files.readString(file);
            Matcher m = NODE_FILE.matcher(text);
            while (m.find()) {
                nodeFiles.add(m.group().substring(NODE_PREFIX.length()));
            }
            Path target = dir.resolve(EXAMPLE.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.writeString(target, text.replace(NODE_PREFIX, node.toAbsolutePath() + "/"));
        }
        for (String name : nodeFiles) {
            Path file = node.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, "placeholder\n".getBytes(StandardCharsets.UTF_8));
        }
        return dir;
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
