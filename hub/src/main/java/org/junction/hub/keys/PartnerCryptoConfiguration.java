package org.junction.hub.keys;

import java.time.Clock;
import org.junction.adapters.protection.OutboundProtection;
import org.junction.hub.HubProperties;
import org.junction.security.keys.KeyRing;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keys in use while the hub runs: the key ring that follows rotations, and the signing key with
 * the protection every non-FHIR sink applies for partners.
 */
@Configuration(proxyBeanMethods = false)
public class PartnerCryptoConfiguration {

    @Bean(destroyMethod = "close")
    LiveKeyRing liveKeyRing(KeyRing keyRing, KeyProperties keys, HubProperties hub, JdbcTemplate jdbc) {
        return new LiveKeyRing(keyRing, keys, hub.dataDir(), new KekRegistry(jdbc), keys.refreshInterval());
    }

    /** Depends on the key ring so that the keystore exists (the embedded default creates it there). */
    @Bean
    HubSigningKeys hubSigningKeys(KeyRing keyRing, KeyProperties keys, HubProperties hub) {
        return HubSigningKeys.open(keys, hub.dataDir());
    }

    @Bean
    OutboundProtection outboundProtection(HubSigningKeys signing, Clock clock) {
        return new OutboundProtection(signing, clock);
    }
}
