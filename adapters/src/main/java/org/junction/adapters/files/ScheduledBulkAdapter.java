package org.junction.adapters.files;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.Endpoint;
import org.junction.adapters.intake.SourceIntake;
import org.junction.adapters.spi.AdapterRoutes;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.adapters.spi.SettingProblem;
import org.junction.mappings.MapperRegistry;

/**
 * {@code scheduled-bulk}: periodic bulk feeds such as the police high-demand list. On a cron
 * schedule the hub collects the files in a drop directory on its own disk ({@code file:/path}) or
 * on the partner's SFTP server ({@code sftp://host/dir}), maps each with the partner's bulk format
 * and stores every good row as a referral. A file is deleted once intake has stored it, so no
 * plaintext is left behind; a file that cannot be read at all is moved to {@code .error}.
 */
public class ScheduledBulkAdapter extends AdapterRoutes {

    public static final String TYPE = "scheduled-bulk";
    private static final Set<String> SFTP_OPTIONS;

    static {
        var sftp = new HashSet<>(FileSettings.SFTP_OPTIONS);
        sftp.add(FileSettings.SCHEDULE);
        SFTP_OPTIONS = Set.copyOf(sftp);
    }

    /** Looked up when a route is built: intake depends on the configuration, which depends on the adapter types. */
    private final Supplier<SourceIntake> intake;

    public ScheduledBulkAdapter(Supplier<SourceIntake> intake) {
        this.intake = intake;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Direction> directions() {
        return EnumSet.of(Direction.SOURCE);
    }

    @Override
    public List<SettingProblem> validate(Direction direction, AdapterSettings settings, MapperRegistry registry) {
        List<SettingProblem> problems = new ArrayList<>();
        if (settings.endpoint() == null) {
            problems.add(new SettingProblem("endpoint", "required: file:/drop/directory or sftp://host[:port]/directory"));
        } else if (FileSettings.isSftp(settings.endpoint())) {
            problems.addAll(FileSettings.checkSftp(settings));
        } else if (FileSettings.isFile(settings.endpoint())) {
            problems.addAll(FileSettings.checkFile(settings));
        } else {
            problems.add(new SettingProblem("endpoint", "file:/drop/directory or sftp://host[:port]/directory"));
        }
        if (settings.mapper() == null) {
            problems.add(new SettingProblem("mapper", "required: the bulk format id"));
        } else if (registry.findBulk(settings.mapper()).isEmpty()) {
            problems.add(new SettingProblem("mapper", "'" + settings.mapper() + "' is not a bulk format (known: "
                    + new java.util.TreeSet<>(registry.bulkIds()) + ")"));
        }
        problems.addAll(FileSettings.checkSchedule(settings));
        // SFTP options on a file drop are named as such by checkFile, not as unknown.
        problems.addAll(unknownOptions(settings, SFTP_OPTIONS));
        return problems;
    }

    @Override
    public void configure() {
        template(Direction.SOURCE)
                .templateBean("scheduledBulkSource", Endpoint.class, rtc -> {
                    var polling = FileEndpoints.cron(FileEndpoints.parameter(rtc, FileSettings.SCHEDULE, null));
                    return FileSettings.isSftp(FileEndpoints.parameter(rtc, RouteTemplates.ENDPOINT, null))
                            ? FileEndpoints.sftpConsumer(rtc, polling)
                            : FileEndpoints.fileConsumer(rtc, polling);
                })
                .templateBean("scheduledBulkIntake", FileIntake.class, rtc -> new FileIntake(intake.get(),
                        rtc.getProperty(RouteTemplates.PARTNER_ID, String.class),
                        rtc.getProperty(RouteTemplates.MAPPER_ID, String.class)))
                .from("ref:{{scheduledBulkSource}}")
                // The file strategy decides between .error and a retry at the next scheduled poll.
                .errorHandler(noErrorHandler())
                .process("{{scheduledBulkIntake}}");
    }
}
