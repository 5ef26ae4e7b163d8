package org.junction.hub.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for a partner's FHIR R4 endpoint (a GP system in the demo, a recipient in tests): a
 * real HAPI plain server in its own embedded Tomcat on the loopback interface, so deliveries go
 * over HTTP exactly as they would to a real partner. It keeps the last {@value #MAX_KEPT} Bundles
 * it was sent, in memory only.
 */
public final class FhirReceiverServer implements AutoCloseable {

    public static final String BASE_PATH = "/fhir";
    public static final String REQUEST_ID = "X-Request-ID";
    public static final String CORRELATION_ID = "X-Correlation-ID";
    static final int MAX_KEPT = 1000;

    private static final Logger log = LoggerFactory.getLogger(FhirReceiverServer.class);
    private static final String HOST = "127.0.0.1";
    // Each instance gets its own engine name: Tomcat names its JMX beans after it, and two
    // receivers (or a receiver and the hub's own Tomcat) must not collide in one JVM.
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final byte[] UNAVAILABLE_BODY = """
            {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient",\
            "diagnostics":"Receiver is unavailable (simulated)"}]}"""
            .getBytes(StandardCharsets.UTF_8);

    /** One Bundle as it arrived; {@code id} is the one this server assigned. */
    public record Received(String id, Bundle bundle, String requestId, String correlationId, Instant at) {

        /** The hub's tracking id of the referral, as its ServiceRequest carries it; null if none does. */
        public java.util.UUID trackingId() {
            return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(org.hl7.fhir.r4.model.ServiceRequest.class::isInstance)
                    .map(org.hl7.fhir.r4.model.ServiceRequest.class::cast)
                    .flatMap(request -> request.getIdentifier().stream())
                    .filter(identifier -> org.junction.mappings.fhir.JunctionSystems.TRACKING_ID.equals(identifier.getSystem()))
                    .map(identifier -> java.util.UUID.fromString(identifier.getValue()))
                    .findFirst().orElse(null);
        }

        /** The referral's subject. */
        public org.hl7.fhir.r4.model.Patient patient() {
            return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(org.hl7.fhir.r4.model.Patient.class::isInstance)
                    .map(org.hl7.fhir.r4.model.Patient.class::cast).findFirst().orElseThrow();
        }
    }

    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    private final Tomcat tomcat;
    private final Path baseDir;
    private final int port;
    private final Deque<Received> received = new ArrayDeque<>();
    private final AtomicLong nextId = new AtomicLong();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean available = true;
    private volatile int retryAfterSeconds = 1;
    private boolean stopped;

    private FhirReceiverServer(int requestedPort) {
        try {
            baseDir = Files.createTempDirectory("fhir-receiver-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory for the FHIR receiver", e);
        }
        tomcat = new Tomcat();
        // Start-up chatter from every receiver would drown the hub's own log; failures still throw.
        tomcat.setSilent(true);
        tomcat.setBaseDir(baseDir.toString());
        tomcat.getEngine().setName("fhir-receiver-" + INSTANCES.incrementAndGet());
        Connector connector = new Connector();
        connector.setPort(requestedPort);
        connector.setProperty("address", HOST);
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);

        StandardContext context = (StandardContext) tomcat.addContext("", baseDir.toString());
        // The leak checks need --add-opens and only warn about it; nothing is deployed or undeployed here.
        context.setClearReferencesObjectStreamClassCaches(false);
        context.setClearReferencesRmiTargets(false);
        context.setClearReferencesThreadLocals(false);
        RestfulServer fhir = new RestfulServer(FhirContext.forR4Cached());
        fhir.registerProvider(new BundleProvider());
        Wrapper servlet = Tomcat.addServlet(context, "fhir", fhir);
        // Initialise at start, so a broken server fails start() rather than the first delivery.
        servlet.setLoadOnStartup(1);
        context.addServletMappingDecoded(BASE_PATH + "/*", "fhir");
        addAvailabilityFilter(context);

        try {
            tomcat.start();
        } catch (LifecycleException e) {
            shutDown();
            throw new IllegalStateException("cannot start the FHIR receiver on " + HOST + ":" + requestedPort, e);
        }
        // Tomcat logs a connector that failed to bind and carries on; a receiver without a port is useless.
        if (connector.getState() != LifecycleState.STARTED) {
            shutDown();
            throw new IllegalStateException("cannot listen on " + HOST + ":" + requestedPort + " (port in use?)");
        }
        port = connector.getLocalPort();
    }

    /** Starts a receiver on {@code 127.0.0.1:port}; {@code 0} picks a free port. */
    public static FhirReceiverServer start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        FhirReceiverServer server = new FhirReceiverServer(port);
        log.info("FHIR receiver listening on {}", server.baseUrl());
        return server;
    }

    public int port() {
        return port;
    }

    /** The FHIR base, e.g. {@code http://127.0.0.1:8091/fhir}. */
    public String baseUrl() {
        return "http://" + HOST + ":" + port + BASE_PATH;
    }

    /** What has arrived so far, oldest first; a snapshot. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public void clear() {
        synchronized (received) {
            received.clear();
        }
    }

    /**
     * While unavailable, every request is answered 503, as from a partner that is up but failing,
     * so senders exercise their retry path without the different behaviour of a refused connection.
     */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    public boolean isAvailable() {
        return available;
    }

    /** How long the 503s of an unavailable receiver ask senders to wait (Retry-After); 1 s unless set. */
    public void setRetryAfterSeconds(int seconds) {
        this.retryAfterSeconds = seconds;
    }

    /** Requests answered 503 while unavailable, since start. */
    public int refusedCount() {
        return refused.get();
    }

    /** Stops and releases the port, so {@link #start(int)} on the same port works afterwards. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        shutDown();
        log.info("FHIR receiver on port {} stopped", port);
    }

    @Override
    public void close() {
        stop();
    }

    private void shutDown() {
        try {
            tomcat.stop();
            // The connector's socket is released on destroy, not on stop.
            tomcat.destroy();
        } catch (LifecycleException e) {
            log.warn("FHIR receiver did not shut down cleanly: {}", e.getClass().getSimpleName());
        }
        deleteRecursively(baseDir);
    }

    private void addAvailabilityFilter(Context context) {
        FilterDef def = new FilterDef();
        def.setFilterName("availability");
        def.setFilter(new AvailabilityFilter());
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("availability");
        map.addURLPatternDecoded("/*");
        context.addFilterMap(map);
    }

    private Received store(Bundle bundle, String requestId, String correlationId) {
        String id = Long.toString(nextId.incrementAndGet());
        Received entry = new Received(id, bundle, requestId, correlationId, clock.instant());
        synchronized (received) {
            received.addLast(entry);
            while (received.size() > MAX_KEPT) {
                received.removeFirst();
            }
        }
        return entry;
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("FHIR receiver working directory left behind: {}", dir);
        }
    }

    private final class AvailabilityFilter implements Filter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (available) {
                chain.doFilter(request, response);
                return;
            }
            refused.incrementAndGet();
            HttpServletResponse http = (HttpServletResponse) response;
            http.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            http.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
            http.setContentType("application/fhir+json;charset=UTF-8");
            http.setContentLength(UNAVAILABLE_BODY.length);
            http.getOutputStream().write(UNAVAILABLE_BODY);
        }
    }

    /** Public because HAPI calls its annotated methods reflectively. */
    public final class BundleProvider implements IResourceProvider {

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Bundle.class;
        }

        @Create
        public MethodOutcome create(@ResourceParam Bundle bundle, RequestDetails request) {
            Objects.requireNonNull(bundle);
            Received entry = store(bundle, request.getHeader(REQUEST_ID), request.getHeader(CORRELATION_ID));
            log.debug("FHIR receiver on port {} stored Bundle/{}", port, entry.id());
            return new MethodOutcome(new IdType("Bundle", entry.id()), true);
        }
    }
}
