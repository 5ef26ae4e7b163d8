package org.junction.hub.cli;

import org.junction.hub.audit.AuditProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** What {@code junction audit} needs: as for {@code junction keys}, plus where the checkpoint file is. */
@Configuration(proxyBeanMethods = false)
@Import(KeysCliConfiguration.class)
@EnableConfigurationProperties(AuditProperties.class)
class AuditCliConfiguration {
}
