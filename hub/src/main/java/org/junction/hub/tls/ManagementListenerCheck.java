package org.junction.hub.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Where HTTPS is required ({@code hub.tls.required}, the production profile), the management port
 * (health, Prometheus) must serve HTTPS too, or listen on loopback only: a node never offers
 * anything in clear on the network.
 */
@Configuration(proxyBeanMethods = false)
public class ManagementListenerCheck {

    @Bean
    Checked managementListenerChecked(TlsProperties tls, Environment environment) {
        problem(tls.required(), environment.getProperty("server.port"), environment.getProperty("management.server.port"),
                environment.getProperty("management.server.ssl.enabled", Boolean.class, false),
                environment.getProperty("management.server.address"))
                .ifPresent(problem -> {
                    throw new IllegalStateException("management port settings refused: " + problem);
                });
        return new Checked();
    }

    /** Marker that the check ran. */
    static final class Checked {
    }

    /** Why these settings would serve health or metrics in clear off the node, or empty. */
    static Optional<String> problem(boolean httpsRequired, String serverPort, String managementPort, boolean sslEnabled,
                                    String address) {
        if (!httpsRequired || managementPort == null || managementPort.equals(serverPort) || sslEnabled) {
            return Optional.empty();
        }
        if (address != null && loopback(address)) {
            return Optional.empty();
        }
        return Optional.of("management.server.ssl.enabled: HTTPS is required by this profile; serve the management "
                + "port over HTTPS (management.server.ssl.bundle=" + TlsConfiguration.BUNDLE + ") or bind it to "
                + "loopback (management.server.address=127.0.0.1)");
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
