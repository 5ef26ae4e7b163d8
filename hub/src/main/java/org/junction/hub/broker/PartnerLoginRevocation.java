package org.junction.hub.broker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.core.security.impl.SecurityStoreImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.partner.PartnerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Makes a configuration reload bite on partners already connected. Permissions are checked when a
 * producer or consumer is created, and the broker caches permissions; so when the partner
 * directory in force changes, the caches are dropped and every partner connection whose
 * login would now be refused (partner removed, key or certificate fingerprint changed, no jms
 * adapter left) is closed.
 */
final class PartnerLoginRevocation implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PartnerLoginRevocation.class);

    private final EmbeddedActiveMQ broker;
    private final ActiveConfig config;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;
    private PartnerDirectory seen;

    PartnerLoginRevocation(EmbeddedActiveMQ broker, ActiveConfig config, Duration interval) {
        this.broker = broker;
        this.config = config;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        seen = config.partners();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "broker-login-revocation");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::checkQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("broker: could not re-check partner logins after a reload: {}", e.toString());
        }
    }

    /** Closes the connections of partners whose login the directory in force would refuse now. */
    synchronized Set<String> check() {
        PartnerDirectory current = config.partners();
        if (current == seen) {
            return Set.of();
        }
        seen = current;
        ActiveMQServer server = broker.getActiveMQServer();
        if (server == null || !server.isStarted()
                || !(server.getSecurityManager() instanceof PartnerSecurityManager manager)) {
            return Set.of();
        }
        if (server.getSecurityStore() instanceof SecurityStoreImpl store) {
            store.invalidateAuthenticationCache();
            store.invalidateAuthorizationCache();
        }
        Set<String> revoked = new TreeSet<>();
        Map<Object, RemotingConnection> closing = new LinkedHashMap<>();
        for (ServerSession session : server.getSessions()) {
            // The partner the session was let in as: for a certificate login over AMQP the user
            // name given is the certificate's subject, not the partner id.
            String partner = session.getValidatedUser();
            RemotingConnection connection = session.getRemotingConnection();
            if (partner == null || InternalBrokerUser.USERNAME.equals(partner) || connection == null
                    || closing.containsKey(connection.getID())) {
                continue;
            }
            if (!manager.stillAdmits(partner, session.getUsername(), session.getPassword(), connection)) {
                revoked.add(partner);
                closing.put(connection.getID(), connection);
            }
        }
        for (RemotingConnection connection : closing.values()) {
            try {
                server.getRemotingService().removeConnection(connection.getID());
                connection.fail(new ActiveMQSecurityException("the partner's login was withdrawn by a configuration reload"));
            } catch (RuntimeException e) {
                log.warn("broker: could not close a partner connection: {}", e.toString());
            }
        }
        if (!revoked.isEmpty()) {
            log.info("broker: closed the connections of {} after a configuration reload", revoked);
        }
        return revoked;
    }
}
