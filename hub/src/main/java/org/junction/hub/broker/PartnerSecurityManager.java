package org.junction.hub.broker;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.CertificateUtil;
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
import org.junction.adapters.restjson.ClientCertificateAuthenticationFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what on the embedded broker. A partner logs in by the TLS client certificate of its
 * connection, whose SHA-256 fingerprint its partner file lists under {@code client-certificates},
 * or (only where {@code hub.security.api-keys-allowed}) with its partner id and its API key,
 * checked against {@code api-key-sha256}; both against the partner directory in force, so a reload
 * takes effect without a restart. A partner may send only to its own {@code partner.<id>.in} if
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
    private final BooleanSupplier apiKeysAllowed;

    PartnerSecurityManager(InternalBrokerUser internal, Supplier<PartnerDirectory> partners) {
        this(internal, partners, () -> true);
    }

    PartnerSecurityManager(InternalBrokerUser internal, Supplier<PartnerDirectory> partners,
                           BooleanSupplier apiKeysAllowed) {
        this.internal = internal;
        this.partners = partners;
        this.apiKeysAllowed = apiKeysAllowed;
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
        return login(user, password, connection).map(id -> subject(id, PARTNER_ROLE)).orElse(null);
    }

    /**
     * The partner this login is, under the directory in force and these settings; empty, with the
     * reason logged (ids and fingerprints only), when it is refused. A certificate on the connection
     * decides who the caller is; a user name or key beside it must not name anyone else.
     */
    Optional<String> login(String user, String password, RemotingConnection connection) {
        X509Certificate[] certificates = connection == null ? null : CertificateUtil.getCertsFromConnection(connection);
        if (certificates != null && certificates.length > 0) {
            return certificateLogin(certificates[0], user, password);
        }
        if (!apiKeysAllowed.getAsBoolean()) {
            log.warn("broker: password login refused for {}: API keys are not accepted here, only client certificates",
                    brokerPartner(user).isPresent() ? "partner " + user : "an unknown user");
            return Optional.empty();
        }
        if (admits(user, password)) {
            return Optional.of(user);
        }
        // The user name only if it is a configured partner's: anything else may be a mistyped key.
        log.warn("broker: login refused for {}", brokerPartner(user).isPresent() ? "partner " + user : "an unknown user");
        return Optional.empty();
    }

    private Optional<String> certificateLogin(X509Certificate certificate, String user, String password) {
        String fingerprint = ClientCertificateAuthenticationFilter.fingerprint(certificate);
        try {
            // The trust manager checks dates in the handshake too; this keeps a fingerprint left
            // listed after a rotation from outliving its certificate whatever the TLS settings.
            certificate.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException outOfDate) {
            log.warn("broker: client certificate sha256={} is expired or not yet valid: refused", fingerprint);
            return Optional.empty();
        }
        PartnerDirectory directory = partners.get();
        Optional<Partner> partner = directory.authenticateCertificate(fingerprint)
                .filter(p -> hasJmsSource(p) || hasJmsSink(p));
        if (partner.isEmpty()) {
            // A fingerprint identifies a certificate, not a person: an admin needs it to tell which one was refused.
            log.warn("broker: client certificate sha256={} is listed for no partner on the broker: refused", fingerprint);
            return Optional.empty();
        }
        String id = partner.get().id();
        // SASL EXTERNAL (AMQP) reports the certificate's subject as the user name.
        boolean ownName = user == null || user.isEmpty() || user.equals(id)
                || user.equals(certificate.getSubjectX500Principal().getName());
        if (!ownName) {
            log.warn("broker: partner {} presented its client certificate under another user name: refused", id);
            return Optional.empty();
        }
        if (password != null && !password.isEmpty()) {
            if (!apiKeysAllowed.getAsBoolean()) {
                log.warn("broker: partner {} sent a password beside its client certificate while API keys are refused: "
                        + "refused", id);
                return Optional.empty();
            }
            if (directory.authenticate(password).filter(match -> match.id().equals(id)).isEmpty()) {
                log.warn("broker: partner {} presented its client certificate with a key that is not its own: refused", id);
                return Optional.empty();
            }
        }
        return Optional.of(id);
    }

    /**
     * Whether a session opened earlier would still be let in, as the same partner, under the
     * directory in force: what a configuration reload re-checks.
     */
    boolean stillAdmits(String validatedUser, String user, String password, RemotingConnection connection) {
        return validatedUser != null && login(user, password, connection).filter(validatedUser::equals).isPresent();
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
