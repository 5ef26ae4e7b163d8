package org.junction.hub.audit.export;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.junction.security.audit.export.LedgerExport;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.validation.annotation.Validated;

/** The ledger export behind {@code GET /api/v1/audit/export} ({@code hub.audit.export.*}). */
@Configuration(proxyBeanMethods = false)
public class AuditExportConfiguration {

    /**
     * @param maxEvents the most events one export may cover: a wider range is refused with a 400 naming
     *                  the count, so an export never runs for hours or fills a disk
     */
    @Validated
    @ConfigurationProperties("hub.audit.export")
    public record ExportProperties(@DefaultValue("200000") @Min(1) @Max(100_000_000) long maxEvents) {
    }

    @Bean
    LedgerExport ledgerExport(JdbcTemplate jdbc, ExportProperties settings) {
        return new LedgerExport(jdbc, settings.maxEvents());
    }
}
