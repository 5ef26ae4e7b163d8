package org.junction.adapters.jms;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junction.adapters.intake.SourceIntake;
import org.junction.adapters.protection.InboundSignatures;
import org.junction.adapters.protection.OutboundProtection;
import org.junction.adapters.spi.AdapterRoutes;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.adapters.spi.SettingProblem;
import org.junction.mappings.MapperRegistry;

/**
 * {@code jms}: partners that talk to the hub's own broker (JMS over CORE, or AMQP 1.0 for
 * non-Java systems), authenticated with their partner id and API key. As a source, the partner
 * sends to {@code partner.<id>.in}, which the hub consumes transacted and hands to intake; as a
 * sink, the hub puts the rendered referral on {@code partner.<id>.out} for the partner to consume.
 * The addresses are the partner's by its id ({@link PartnerAddresses}), so there is no endpoint
 * to configure, and the broker's security lets a partner reach only those two.
 */
public class JmsAdapter extends AdapterRoutes {

    public static final String TYPE = "jms";
    private static final String JMS_SOURCE_BEAN = "jmsSource";
    private static final String JMS_SINK_BEAN = "jmsSink";

    private final MapperRegistry mappers;
    private final Supplier<SourceIntake> intake;
    private final ConnectionFactory connections;
    private final BrokerProvisioning provisioning;
    private final int maxBodyBytes;
    private final Clock clock;
    private final OutboundProtection protection;
    private final boolean encryptionRequired;

    /**
     * @param intake       looked up when a source route is built: intake depends on the
     *                     configuration in force, which depends on the adapter types
     * @param connections  the hub's own connection to its broker, for the sink's sends
     * @param provisioning creates a partner's addresses before its routes start
     * @param maxBodyBytes the largest message body taken in; larger ones are dead-lettered
     */
    public JmsAdapter(MapperRegistry mappers, Supplier<SourceIntake> intake, ConnectionFactory connections,
                      BrokerProvisioning provisioning, int maxBodyBytes, Clock clock) {
        this(mappers, intake, connections, provisioning, maxBodyBytes, clock, OutboundProtection.WITHOUT_SIGNING_KEY);
    }

    /** @param protection signs and encrypts what the sink leaves for the partner, as its options say */
    public JmsAdapter(MapperRegistry mappers, Supplier<SourceIntake> intake, ConnectionFactory connections,
                      BrokerProvisioning provisioning, int maxBodyBytes, Clock clock, OutboundProtection protection) {
        this(mappers, intake, connections, provisioning, maxBodyBytes, clock, protection, false);
    }

    /**
     * @param encryptionRequired a sink must name the partner's certificate: the partner-facing queue,
     *                           and the broker journal under it, then hold only what that partner opens
     */
    public JmsAdapter(MapperRegistry mappers, Supplier<SourceIntake> intake, ConnectionFactory connections,
                      BrokerProvisioning provisioning, int maxBodyBytes, Clock clock, OutboundProtection protection,
                      boolean encryptionRequired) {
        this.protection = protection;
        this.encryptionRequired = encryptionRequired;
        this.mappers = mappers;
        this.intake = intake;
        this.connections = connections;
        this.provisioning = provisioning;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Direction> directions() {
        return EnumSet.allOf(Direction.class);
    }

    @Override
    public List<SettingProblem> validate(Direction direction, AdapterSettings settings, MapperRegistry registry) {
        List<SettingProblem> problems = new ArrayList<>(standardChecks(direction, settings, registry, false));
        if (settings.endpoint() != null) {
            problems.add(new SettingProblem("endpoint", "not used: a jms partner uses the hub's broker at "
                    + (direction == Direction.SOURCE ? "partner.<id>.in" : "partner.<id>.out")));
        }
        if (settings.credentials() != null) {
            problems.add(new SettingProblem("credentials",
                    "not used: a jms partner logs in to the broker with its id and the key of its api-key-sha256"));
        }
        if (encryptionRequired && direction == Direction.SINK && !settings.options().containsKey(RECIPIENT_CERTIFICATE)) {
            problems.add(new SettingProblem("options." + RECIPIENT_CERTIFICATE,
                    "required on this hub (hub.security.partner-queues-encrypted): the partner's certificate, so what"
                            + " waits on its queue is encrypted to it"));
        }
        problems.addAll(protection.check(direction, settings));
        problems.addAll(InboundSignatures.check(direction, settings, clock));
        var known = new java.util.HashSet<>(OutboundProtection.OPTIONS);
        known.addAll(InboundSignatures.OPTIONS);
        problems.addAll(unknownOptions(settings, known));
        return problems;
    }

    /** The partner's certificate: what the hub leaves on the partner's queue is encrypted to it. */
    public static final String RECIPIENT_CERTIFICATE = OutboundProtection.RECIPIENT_CERTIFICATE;

    @Override
    public void configure() {
        // mapJmsMessage=false: the body is the partner's JMS message itself, read by JmsSource.
        template(Direction.SOURCE)
                .templateBean(JMS_SOURCE_BEAN, JmsSource.class, rtc -> {
                    String partnerId = rtc.getProperty(RouteTemplates.PARTNER_ID, String.class);
                    provisioning.provision(partnerId);
                    return new JmsSource(partnerId, rtc.getProperty(RouteTemplates.MAPPER_ID, String.class),
                            intake.get(), maxBodyBytes, InboundSignatures.of(
                                    rtc.getProperty(InboundSignatures.SIGNATURE, String.class),
                                    rtc.getProperty(InboundSignatures.SIGNER_CERTIFICATE, String.class)));
                })
                .from("jms:queue:" + PartnerAddresses.inbound("{{" + RouteTemplates.PARTNER_ID + "}}")
                        + "?transacted=true&mapJmsMessage=false")
                .process("{{" + JMS_SOURCE_BEAN + "}}");

        sinkRoute(template(Direction.SINK)
                .templateBean(JMS_SINK_BEAN, JmsSink.class, rtc -> {
                    String partnerId = rtc.getProperty(RouteTemplates.PARTNER_ID, String.class);
                    provisioning.provision(partnerId);
                    return new JmsSink(partnerId,
                            mappers.findOutbound(rtc.getProperty(RouteTemplates.MAPPER_ID, String.class)).orElseThrow(),
                            protection.forRoute(rtc), connections, clock);
                }))
                .process("{{" + JMS_SINK_BEAN + "}}");
    }
}
