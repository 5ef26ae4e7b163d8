package org.junction.hub.demo;

import java.util.Objects;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The demo's simulated GP practice: a FHIR R4 endpoint on {@code 127.0.0.1:hub.demo.gp-port}
 * that the hub delivers to over real HTTP. Started in an early lifecycle phase, before the web
 * server, the outbox relay and the routes, so the first delivery finds it listening; stopped
 * after them for the same reason.
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "hub.demo.gp-enabled", havingValue = "true", matchIfMissing = true)
public class DemoGpEndpoint implements SmartLifecycle {

    /** Well below the web server's and the pipeline's phases (all near {@link Integer#MAX_VALUE}). */
    public static final int PHASE = 0;

    private final DemoProperties properties;
    private volatile FhirReceiverServer server;

    public DemoGpEndpoint(DemoProperties properties) {
        this.properties = Objects.requireNonNull(properties);
    }

    @Override
    public synchronized void start() {
        if (server == null) {
            server = FhirReceiverServer.start(properties.gpPort());
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The running receiver, for inspecting what the simulated practice has been sent. */
    public FhirReceiverServer server() {
        FhirReceiverServer running = server;
        if (running == null) {
            throw new IllegalStateException("the demo GP endpoint is not running");
        }
        return running;
    }

    /** The FHIR base URL a GP partner's {@code fhir-endpoint} should name. */
    public String baseUrl() {
        return server().baseUrl();
    }
}
