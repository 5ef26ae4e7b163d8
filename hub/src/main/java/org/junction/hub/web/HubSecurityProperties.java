package org.junction.hub.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How machines and operators may authenticate ({@code hub.security.*}), read at start.
 *
 * @param apiKeysAllowed accept {@code X-API-Key} (partners' and operators' keys); the embedded
 *                       default and the demo do, the production profile does not: there partners
 *                       authenticate by client certificate (mutual TLS) only
 * @param partnerQueuesEncrypted every {@code jms} sink must name its partner's certificate, so the
 *                       partner-facing queues hold only CMS that partner opens; on under production
 */
@ConfigurationProperties("hub.security")
public record HubSecurityProperties(@DefaultValue("true") boolean apiKeysAllowed,
                                    @DefaultValue("false") boolean partnerQueuesEncrypted) {
}
