package org.junction.hub.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Console settings ({@code hub.console.*}).
 *
 * @param openStatusPage show the recent-referrals page at / without a login; only the demo turns
 *                       this on, until people's logins arrive
 */
@ConfigurationProperties("hub.console")
public record ConsoleProperties(@DefaultValue("false") boolean openStatusPage) {
}
