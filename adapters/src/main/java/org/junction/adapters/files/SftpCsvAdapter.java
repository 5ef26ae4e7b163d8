package org.junction.adapters.files;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.Endpoint;
import org.junction.adapters.intake.SourceIntake;
import org.junction.adapters.protection.OutboundProtection;
import org.junction.adapters.spi.AdapterRoutes;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.adapters.spi.SettingProblem;
import org.junction.mappings.MapperRegistry;
import org.junction.mappings.OutboundMapper;

/**
 * {@code sftp-csv}: partners that exchange files on their own SFTP server.
 * <ul>
 *   <li>As a sink, the hub renders each referral in the partner's CSV format and uploads it to
 *       the partner's directory as {@code <requestId>.csv}, written under a temporary name and
 *       renamed when complete. The receipt is the file's name on the partner's server.</li>
 *   <li>As a source, the hub polls the partner's directory, hands each file to intake (row by row
 *       for a bulk format) and deletes it once intake has stored it; a file intake cannot read
 *       is moved to {@code .error} on the partner's server.</li>
 * </ul>
 * The password is a secret reference; the server's host key is checked against a known_hosts file.
 */
public class SftpCsvAdapter extends AdapterRoutes {

    public static final String TYPE = "sftp-csv";
    private static final Set<String> SINK_OPTIONS;
    private static final Set<String> SOURCE_OPTIONS;

    static {
        var sink = new java.util.HashSet<>(FileSettings.SFTP_OPTIONS);
        sink.addAll(OutboundProtection.OPTIONS);
        SINK_OPTIONS = Set.copyOf(sink);
        var source = new java.util.HashSet<>(FileSettings.SFTP_OPTIONS);
        source.add(FileSettings.POLL_DELAY);
        SOURCE_OPTIONS = Set.copyOf(source);
    }

    private final MapperRegistry mappers;
    /** Looked up when a route is built: intake depends on the configuration, which depends on the adapter types. */
    private final Supplier<SourceIntake> intake;
    private final Clock clock;
    private final OutboundProtection protection;

    public SftpCsvAdapter(MapperRegistry mappers, Supplier<SourceIntake> intake, Clock clock) {
        this(mappers, intake, clock, OutboundProtection.WITHOUT_SIGNING_KEY);
    }

    /** @param protection signs and encrypts the uploaded files as the partner's options say ({@code .p7m} then) */
    public SftpCsvAdapter(MapperRegistry mappers, Supplier<SourceIntake> intake, Clock clock,
                          OutboundProtection protection) {
        this.protection = protection;
        this.mappers = mappers;
        this.intake = intake;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Direction> directions() {
        return EnumSet.allOf(Direction.class);
    }

    @Override
    public List<SettingProblem> validate(Direction direction, AdapterSettings settings, MapperRegistry registry) {
        List<SettingProblem> problems = new ArrayList<>(standardChecks(direction, settings, registry, true));
        if (direction == Direction.SINK && settings.mapper() != null) {
            registry.findOutbound(settings.mapper()).filter(mapper -> !isCsv(mapper)).ifPresent(mapper ->
                    problems.add(new SettingProblem("mapper", "'" + mapper.id() + "' is not a CSV format")));
        }
        problems.addAll(FileSettings.checkSftp(settings));
        problems.addAll(protection.check(direction, settings));
        if (direction == Direction.SOURCE) {
            problems.addAll(FileSettings.checkPollDelay(settings));
        }
        problems.addAll(unknownOptions(settings, direction == Direction.SINK ? SINK_OPTIONS : SOURCE_OPTIONS));
        return problems;
    }

    static boolean isCsv(OutboundMapper mapper) {
        return mapper.mediaType().toLowerCase(java.util.Locale.ROOT).startsWith("text/csv");
    }

    @Override
    public void configure() {
        sinkRoute(template(Direction.SINK)
                // Built when the route is: a secret or known_hosts file that cannot be read fails
                // the reload, with its setting named, rather than every delivery.
                .templateBean("sftpCsvTarget", Endpoint.class, FileEndpoints::sftpProducer)
                .templateBean("sftpCsvRenderer", CsvFileRenderer.class, rtc -> new CsvFileRenderer(
                        rtc.getProperty(RouteTemplates.PARTNER_ID, String.class),
                        mappers.findOutbound(rtc.getProperty(RouteTemplates.MAPPER_ID, String.class)).orElseThrow(),
                        clock, protection.forRoute(rtc))))
                .process("{{sftpCsvRenderer}}")
                .to("ref:{{sftpCsvTarget}}")
                .process(CsvFileRenderer::receipt);

        template(Direction.SOURCE)
                .templateBean("sftpCsvSource", Endpoint.class, rtc -> FileEndpoints.sftpConsumer(rtc,
                        FileEndpoints.every(FileSettings.duration(FileEndpoints.parameter(rtc,
                                FileSettings.POLL_DELAY, FileSettings.DEFAULT_POLL_DELAY)))))
                .templateBean("sftpCsvIntake", FileIntake.class, rtc -> new FileIntake(intake.get(),
                        rtc.getProperty(RouteTemplates.PARTNER_ID, String.class),
                        rtc.getProperty(RouteTemplates.MAPPER_ID, String.class)))
                .from("ref:{{sftpCsvSource}}")
                // A failure goes straight back to the file strategy, which decides between
                // .error and a later retry; redelivering here would only repeat it.
                .errorHandler(noErrorHandler())
                .process("{{sftpCsvIntake}}");
    }
}
