package org.junction.hub.adapters;

import java.time.Clock;
import org.junction.adapters.files.ScheduledBulkAdapter;
import org.junction.adapters.files.SftpCsvAdapter;
import org.junction.adapters.intake.SourceIntake;
import org.junction.mappings.MapperRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The file adapter types: {@code sftp-csv} and {@code scheduled-bulk}. Each bean is both an
 * adapter type the configuration loader finds and the route builder that declares its templates;
 * partners' routes are built from those templates when the configuration directory is loaded.
 * Intake is handed over lazily: it needs the active configuration, whose loader needs these types.
 */
@Configuration(proxyBeanMethods = false)
public class FileAdaptersConfiguration {

    @Bean
    SftpCsvAdapter sftpCsvAdapter(MapperRegistry mappers, ObjectProvider<SourceIntake> intake, Clock clock,
                                  org.junction.adapters.protection.OutboundProtection protection) {
        return new SftpCsvAdapter(mappers, intake::getObject, clock, protection);
    }

    @Bean
    ScheduledBulkAdapter scheduledBulkAdapter(ObjectProvider<SourceIntake> intake) {
        return new ScheduledBulkAdapter(intake::getObject);
    }
}
