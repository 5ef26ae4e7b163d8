package org.junction.hub.broker;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.junction.adapters.jms.JmsAdapter;
import org.junction.adapters.jms.PartnerAddresses;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.partner.PartnerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what on the embedded broker. Partners log in with their partner id and their API
 * key, checked against the {@code api-key-sha256} of the partner directory in force (a reload
 * takes effect without a restart); a partner may send only to its own {@code partner.<id>.in} if
 * it has a jms source, and consume or browse only its own {@code partner.<id>.out} if it has a jms
 * sink. It may create, delete or manage nothing. The hub itself logs in over the in-VM connection
 * with a per-start password and may do everything. Address settings' roles play no part.
 */
final class PartnerSecurityManager implements ActiveMQSecurityManager5 {

    static final String HUB_ROLE = "junction-hub";
    static final String PARTNER_ROLE = "junction-partner";
    private static final Logger log = LoggerFactory.getLogger(PartnerSecurityManager.class);

    private final InternalBrokerUser internal;
    private final Supplier<PartnerDirectory> partners;

    PartnerSecurityManager(InternalBrokerUser internal, Supplier<PartnerDirectory> partners) {
        this.internal = internal;
        this.partners = partners;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (internal.matches(user, password)) {
            if (connection != null && connection.getTransportConnection() instanceof InVMConnection) {
                return subject(user, HUB_ROLE);
            }
            log.warn("broker: the hub's internal login was presented from outside the process; refused");
            return null;
        }
        if (admits(user, password)) {
            return subject(user, PARTNER_ROLE);
        }
        // The user name only if it is a configured partner's: anything else may be a mistyped key.
        log.warn("broker: login refused for {}", brokerPartner(user).isPresent() ? "partner " + user : "an unknown user");
        return null;
    }

    /** Whether the partner directory in force lets this partner log in with this key. */
    boolean admits(String user, String password) {
        return brokerPartner(user).isPresent() && partners.get().authenticate(password)
                .filter(match -> match.id().equals(user)).isPresent();
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (has(subject, HUB_ROLE)) {
            return true;
        }
        if (!has(subject, PARTNER_ROLE) || address == null) {
            return false;
        }
        Optional<Partner> partner = brokerPartner(userOf(subject));
        if (partner.isEmpty()) {
            return false;
        }
        String id = partner.get().id();
        String target = PartnerAddresses.addressOf(address);
        boolean allowed = switch (checkType) {
            case SEND -> target.equals(PartnerAddresses.inbound(id)) && hasJmsSource(partner.get());
            case CONSUME, BROWSE -> target.equals(PartnerAddresses.outbound(id))
                    && PartnerAddresses.queueOf(address).equals(PartnerAddresses.outbound(id))
                    && hasJmsSink(partner.get());
            default -> false;
        };
        if (!allowed) {
            log.warn("broker: partner {} refused {} on {}", id, checkType, target);
        }
        return allowed;
    }

    @Override
    public String getUserFromSubject(Subject subject) {
        return userOf(subject);
    }

    /** Only the ActiveMQSecurityManager5 methods are used; these older ones refuse. */
    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }

    /** The configured partner of that id, if it reaches the hub over the broker at all. */
    private Optional<Partner> brokerPartner(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return partners.get().find(id).filter(p -> hasJmsSource(p) || hasJmsSink(p));
    }

    static boolean hasJmsSource(Partner partner) {
        return partner.sources().stream().anyMatch(s -> JmsAdapter.TYPE.equals(s.type()));
    }

    static boolean hasJmsSink(Partner partner) {
        return partner.sink() != null && JmsAdapter.TYPE.equals(partner.sink().type());
    }

    private static Subject subject(String user, String role) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        subject.getPrincipals().add(new RolePrincipal(role));
        return subject;
    }

    private static boolean has(Subject subject, String role) {
        return subject != null && subject.getPrincipals(RolePrincipal.class).stream()
                .anyMatch(p -> p.getName().equals(role));
    }

    private static String userOf(Subject subject) {
        return subject == null ? null : subject.getPrincipals(UserPrincipal.class).stream()
                .map(UserPrincipal::getName).findFirst().orElse(null);
    }
}
