package org.junction.hub.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.junction.adapters.partner.SecretReferences;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.server.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * HTTPS on the main (partner-facing) listener through a Spring Boot SSL bundle named
 * {@value #BUNDLE}, built from {@link TlsProperties}. The management port serves HTTPS from the
 * same bundle where {@code management.server.ssl} names it, as the production profile does (see
 * {@link ManagementListenerCheck} and deploy/docs/tls.md).
 */
@Configuration(proxyBeanMethods = false)
public class TlsConfiguration {

    public static final String BUNDLE = "hub-server";

    /** Refuses to start on settings that would serve in clear where HTTPS is required, or serve badly. */
    @Bean
    TlsSettingsCheck tlsSettingsCheck(TlsProperties tls) {
        var problems = tls.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("HTTPS settings refused: " + String.join("; ", problems));
        }
        return new TlsSettingsCheck();
    }

    /** Marker that the check above ran before the web server is configured. */
    static final class TlsSettingsCheck {
    }

    @Bean
    @ConditionalOnProperty(name = "hub.tls.enabled", havingValue = "true")
    SslBundleRegistrar hubServerBundle(TlsProperties tls, TlsSettingsCheck checked) {
        return registry -> registry.registerBundle(BUNDLE, bundle(tls));
    }

    @Bean
    @ConditionalOnProperty(name = "hub.tls.enabled", havingValue = "true")
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> hubServerHttps(TlsProperties tls,
                                                                                   SslBundles bundles) {
        return new HttpsCustomizer(tls, bundles);
    }

    static SslBundle bundle(TlsProperties tls) {
        String keystorePassword = password(tls.keystorePassword());
        KeyStore keyStore = load(tls.keystore(), keystorePassword);
        KeyStore trustStore = tls.truststore() == null ? null
                : load(tls.truststore(), password(tls.truststorePassword()));
        return SslBundle.of(SslStoreBundle.of(keyStore, keystorePassword, trustStore),
                SslBundleKey.of(null, tls.keyAlias()),
                SslOptions.of(null, tls.protocols().toArray(String[]::new)));
    }

    private static String password(String reference) {
        return new String(SecretReferences.resolve(reference), StandardCharsets.UTF_8);
    }

    private static KeyStore load(Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // The cause names a wrong password or a damaged file; neither message carries the secret.
            throw new IllegalStateException("cannot open key store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs after Boot's own customizer, which would otherwise reset the factory's SSL from server.ssl.*. */
    private record HttpsCustomizer(TlsProperties tls, SslBundles bundles)
            implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableServletWebServerFactory factory) {
            Ssl ssl = new Ssl();
            ssl.setEnabled(true);
            ssl.setBundle(BUNDLE);
            ssl.setClientAuth(switch (tls.asksForClientCertificates() ? tls.clientAuth() : TlsProperties.ClientAuth.NONE) {
                case NONE -> Ssl.ClientAuth.NONE;
                case WANT -> Ssl.ClientAuth.WANT;
                case NEED -> Ssl.ClientAuth.NEED;
            });
            factory.setSsl(ssl);
            factory.setSslBundles(bundles);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
