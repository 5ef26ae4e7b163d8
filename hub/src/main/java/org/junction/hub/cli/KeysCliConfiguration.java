package org.junction.hub.cli;

import org.junction.hub.HubProperties;
import org.junction.hub.keys.KeyProperties;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code junction keys} needs from the hub's own settings: the keystore settings and the
 * database (migrated, so the key state table exists). Nothing else starts: no web server, broker or
 * routes, and no component scan.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({KeyProperties.class, HubProperties.class})
@ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class})
class KeysCliConfiguration {
}
