package org.junction.hub;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.config.ConfigLoader;
import org.junction.adapters.config.ConfigSet;
import org.junction.adapters.fhir.FhirR4Adapter;
import org.junction.adapters.outbound.OutboundSecurity;
import org.junction.adapters.intake.SourceIntake;
import org.junction.adapters.restjson.RestJsonAdapter;
import org.junction.adapters.spi.AdapterTypes;
import org.junction.adapters.spi.PartnerAdapter;
import org.junction.adapters.webhook.WebhookAdapter;
import org.junction.hub.admin.DeadLetterViews;
import org.junction.hub.config.ConfigReloads;
import org.junction.routes.deadletter.DeadLetters;
import org.junction.hub.config.ConfigWatcher;
import org.junction.routes.deliver.DeliverRoute;
import org.junction.routes.deliver.DispatchOrder;
import org.junction.routes.deliver.PartnerCircuits;
import org.junction.routes.partners.PartnerRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.apache.camel.component.jms.JmsComponent;
import ca.uhn.fhir.context.FhirContext;
import org.junction.routes.decide.DecideRoute;
import org.junction.routes.decide.DecideService;
import org.junction.routes.deliver.DeliveryProperties;
import org.junction.routes.deliver.DeliveryService;
import org.junction.security.consent.ConsentStore;
import org.junction.security.sharing.SharingDecisionStore;
import org.junction.adapters.intake.BundleHandOffs;
import org.junction.adapters.intake.HandOffProperties;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.OutboxStore;
import org.junction.adapters.intake.PartnerMappers;
import org.junction.hub.keys.KekRegistry;
import org.junction.hub.keys.KeyProperties;
import org.junction.hub.keys.KeyRingFactory;
import org.junction.mappings.MapperRegistry;
import org.junction.mappings.fhir.validation.FhirValidator;
import org.junction.routes.relay.OutboxRelay;
import org.junction.routes.relay.RelayProperties;
import org.junction.security.audit.ChainVerifier;
import org.junction.security.audit.LedgerReader;
import org.junction.security.audit.LedgerSealer;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.identity.OperatorDirectory;
import org.junction.security.keys.KeyRing;
import org.junction.security.pseudonym.Pseudonymiser;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.connection.SingleConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Composition root: the pure parts (mappings, security) and the pipeline, wired together. */
@Configuration(proxyBeanMethods = false)
public class HubConfiguration {

    /** How long a partner route removed by a reload may take to finish the message in hand. */
    static final long PARTNER_ROUTE_STOP_SECONDS = 20;
    private static final Logger log = LoggerFactory.getLogger(HubConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KeyRing keyRing(KeyProperties keys, HubProperties hub, JdbcTemplate jdbc) {
        KekRegistry registry = new KekRegistry(jdbc);
        return KeyRingFactory.open(keys, hub.dataDir(), registry.activeKekId().orElse(null), registry.retiredIds());
    }

    @Bean
    EnvelopeCipher envelopeCipher(org.junction.hub.keys.LiveKeyRing keys) {
        return new EnvelopeCipher(keys);
    }

    @Bean
    Pseudonymiser pseudonymiser(KeyRing keys) {
        return new Pseudonymiser(keys);
    }

    @Bean
    MapperRegistry mapperRegistry() {
        return MapperRegistry.standard();
    }

    @Bean
    AdapterTypes adapterTypes(List<PartnerAdapter> types) {
        return new AdapterTypes(types);
    }

    @Bean
    ConfigLoader configLoader(AdapterTypes types, MapperRegistry mappers) {
        return new ConfigLoader(types, mappers);
    }

    /** The configuration directory as found at start: a hub with a broken set does not start. */
    @Bean
    ActiveConfig activeConfig(ConfigLoader loader, HubProperties hub, Clock clock) {
        ConfigSet initial = loader.load(hub.configDir());
        log.info("Loaded {} partners and {} agreements from {}", initial.partners().size(),
                initial.agreements().size(), hub.configDir());
        return new ActiveConfig(initial, clock.instant());
    }

    @Bean
    FhirR4Adapter fhirR4Adapter(DeliveryProperties delivery, Clock clock, OutboundSecurity outbound) {
        // A context of its own: delivery sets client timeouts on its factory, which must not leak into
        // every other HAPI client in the process.
        return new FhirR4Adapter(FhirContext.forR4(), delivery.connectTimeout(), delivery.socketTimeout(), clock,
                outbound);
    }

    @Bean
    RestJsonAdapter restJsonAdapter(MapperRegistry mappers, DeliveryProperties delivery, Clock clock,
                                    org.junction.adapters.protection.OutboundProtection protection,
                                    OutboundSecurity outbound) {
        return new RestJsonAdapter(mappers, delivery.connectTimeout(), delivery.socketTimeout(), clock, protection,
                outbound);
    }

    @Bean
    WebhookAdapter webhookAdapter(MapperRegistry mappers, DeliveryProperties delivery, Clock clock,
                                  org.junction.adapters.protection.OutboundProtection protection,
                                  OutboundSecurity outbound) {
        return new WebhookAdapter(mappers, delivery.connectTimeout(), delivery.socketTimeout(), clock, protection,
                outbound);
    }

    @Bean
    PartnerCircuits partnerCircuits(CamelContext camel, JdbcTemplate jdbc, TransactionTemplate transactions,
                                    LedgerWriter ledger, DeliveryProperties delivery, Clock clock) {
        return new PartnerCircuits(camel, jdbc, transactions, ledger, delivery, clock);
    }

    @Bean
    DeliverRoute deliverRoute(DeliveryService deliveries, DeliveryProperties delivery, PartnerCircuits circuits) {
        return new DeliverRoute(deliveries, delivery, circuits);
    }

    @Bean
    PartnerRoutes partnerRoutes(CamelContext camel, ObjectProvider<PartnerRoutes.QueuePreparation> queues,
                                PartnerCircuits circuits) {
        return new PartnerRoutes(camel, queues.getIfAvailable(() -> (partnerId, parameters) -> { }), circuits::held,
                PARTNER_ROUTE_STOP_SECONDS);
    }

    /** Partner routes are built from templates, which exist once Camel has started. */
    @Bean
    CamelContextConfiguration partnerRoutesAtStart(PartnerRoutes routes, ActiveConfig config) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                routes.apply(List.of(), config.current().routes());
            }
        };
    }

    @Bean
    ConfigReloads configReloads(HubProperties hub, ConfigLoader loader, ActiveConfig active, PartnerMappers mappers,
                                PartnerRoutes routes, AdapterTypes types, CamelContext camel, PartnerCircuits circuits,
                                LedgerWriter ledger, Clock clock) {
        return new ConfigReloads(hub.configDir(), loader, active, mappers, routes, types, camel, circuits, ledger, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "hub.config-watch", havingValue = "true", matchIfMissing = true)
    ConfigWatcher configWatcher(HubProperties hub, ConfigReloads reloads) {
        return new ConfigWatcher(hub.configDir(), hub.configWatchQuiet(),
                () -> reloads.reload(false, ConfigWatcher.CALLER));
    }

    @Bean
    DeadLetters deadLetters(ConnectionFactory connections, ActiveConfig config, DeliveryService deliveries,
                            DecideService decide, JdbcTemplate jdbc, TransactionTemplate transactions,
                            LedgerWriter ledger, Clock clock) {
        return new DeadLetters(connections, () -> config.partners().all().stream().filter(p -> p.receives())
                .map(p -> p.id()).toList(), deliveries, decide, jdbc, transactions, ledger, clock);
    }

    @Bean
    DeadLetterViews deadLetterViews(DeadLetters deadLetters) {
        return new DeadLetterViews(deadLetters);
    }

    @Bean
    SourceIntake sourceIntake(ActiveConfig config, PartnerMappers partnerMappers, MapperRegistry mappers,
                              IntakeService intake, org.junction.adapters.feedback.OutcomeIntake outcomes,
                              org.junction.adapters.recall.RecallAcknowledgements recalls) {
        return new SourceIntake(config, partnerMappers, mappers, intake, outcomes, recalls);
    }

    @Bean
    OperatorDirectory operatorDirectory(HubProperties hub) {
        return new OperatorDirectory(hub.operators());
    }

    @Bean
    LedgerWriter ledgerWriter(JdbcTemplate jdbc) {
        return new LedgerWriter(jdbc);
    }

    @Bean
    LedgerReader ledgerReader(JdbcTemplate jdbc) {
        return new LedgerReader(jdbc);
    }

    @Bean
    LedgerSealer ledgerSealer(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        return new LedgerSealer(jdbc, transactions, clock);
    }

    @Bean
    ChainVerifier chainVerifier(JdbcTemplate jdbc, org.junction.security.audit.LedgerCheckpoints checkpoints) {
        return new ChainVerifier(jdbc, 1000, checkpoints);
    }

    @Bean
    LedgerSealing ledgerSealing(LedgerSealer sealer, HubProperties hub,
                                org.junction.security.audit.LedgerCheckpointer checkpointer,
                                org.junction.security.audit.LedgerCheckpoints checkpoints) {
        return new LedgerSealing(sealer, hub.sealInterval(), checkpointer, checkpoints);
    }

    @Bean
    OutboxStore outboxStore(JdbcTemplate jdbc) {
        return new OutboxStore(jdbc);
    }

    @Bean
    OutboxRelay outboxRelay(OutboxStore outbox, JmsTemplate jms, LedgerWriter ledger, TransactionTemplate transactions,
                            RelayProperties relay, Clock clock) {
        return new OutboxRelay(outbox, jms, ledger, transactions, relay, clock);
    }

    /**
     * At start, the dispatch claims an earlier run of this node (or a node that died) left are the
     * relay's to send at once rather than when they run out (hub.decide.dispatch-claim). The start
     * is taken as the beans are made, before any consumer of this run can claim a row.
     */
    @Bean
    ApplicationRunner releaseEarlierDispatchClaims(OutboxStore outbox, OutboxRelay relay, Clock clock) {
        Instant started = clock.instant();
        return args -> {
            int released = outbox.releaseClaimsWrittenBefore(started, clock.instant());
            if (released > 0) {
                log.info("{} dispatch claims left by an earlier run released to the outbox relay", released);
                relay.outboxWritten();
            }
        };
    }

    @Bean
    ConsentStore consentStore(JdbcTemplate jdbc) {
        return new ConsentStore(jdbc);
    }

    @Bean
    SharingDecisionStore sharingDecisionStore(JdbcTemplate jdbc) {
        return new SharingDecisionStore(jdbc);
    }

    /**
     * Each route's consumers get a connection of their own from the factory behind the caching one.
     * On the caching factory's one shared connection, consumers recovering from a failover of the
     * broker pair held up every other route's consumers: intake fell from about 15 decisions a
     * second to 1 to 4, the fewer the more delivery consumers there were, and 200 referrals took 51
     * to 121 s to arrive after the kill; with a connection per route, 15 s (BrokerPairIT).
     *
     * <p>A transacted consumer commits its own session, and keeps that session and its consumer
     * from one message to the next. A route's sends (a dead letter, a dispatch put back) use the
     * same factory as its consumers, so they go out in the consumer's session and commit with the
     * message they came from, or not at all. With a transaction manager instead, every message cost
     * a new connection, session and consumer, and the sends committed in a second transaction after
     * the message's: a crash between the two lost a message put back or dead-lettered.
     */
    @Bean
    JmsComponent jms(ConnectionFactory connectionFactory) {
        JmsComponent jms = JmsComponent.jmsComponent(connectionFactory);
        if (connectionFactory instanceof SingleConnectionFactory shared
                && shared.getTargetConnectionFactory() != null) {
            jms.getConfiguration().setListenerConnectionFactory(shared.getTargetConnectionFactory());
            jms.getConfiguration().setTemplateConnectionFactory(shared.getTargetConnectionFactory());
        }
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        jms.getConfiguration().setCacheLevelName("CACHE_CONSUMER");
        return jms;
    }

    @Bean
    DecideService decideService(EnvelopeCipher cipher, Pseudonymiser pseudonymiser, ConsentStore consents,
                                SharingDecisionStore decisions, ActiveConfig config, OutboxStore outbox, DispatchOrder order,
                                LedgerWriter ledger, TransactionTemplate transactions, OutboxRelay relay,
                                BundleHandOffs handOffs, Clock clock, org.junction.routes.decide.Governance governance) {
        return new DecideService(cipher, pseudonymiser, consents, decisions, outbox, ledger, transactions, relay, order,
                handOffs, clock, governance);
    }

    @Bean
    DecideRoute decideRoute(DecideService decide, org.junction.routes.decide.DecideProperties properties,
                            OutboxRelay relay, Clock clock) {
        return new DecideRoute(decide, properties, relay, clock);
    }

    @Bean
    DeliveryService deliveryService(JdbcTemplate jdbc, EnvelopeCipher cipher, LedgerWriter ledger,
                                    TransactionTemplate transactions, DispatchOrder order, BundleHandOffs handOffs,
                                    Clock clock) {
        return new DeliveryService(jdbc, cipher, ledger, transactions, order, handOffs.toDeliver(), clock);
    }

    @Bean
    DispatchOrder dispatchOrder(JdbcTemplate jdbc) {
        return new DispatchOrder(jdbc);
    }

    @Bean
    IntakeService intakeService(EnvelopeCipher cipher, Pseudonymiser pseudonymiser, OutboxStore outbox,
                                LedgerWriter ledger, TransactionTemplate transactions, IntakeProperties intake,
                                OutboxRelay relay, BundleHandOffs handOffs, Clock clock) {
        return new IntakeService(cipher, pseudonymiser, outbox, ledger, transactions, intake, relay,
                handOffs.toDecide(), clock);
    }

    /** Parsed Bundles passed from intake to the decide stage and from it to delivery on this node. */
    @Bean
    BundleHandOffs bundleHandOffs(HandOffProperties properties) {
        return new BundleHandOffs(properties.newHandOff(), properties.newHandOff());
    }

    /**
     * FHIR validators are built and warmed here, at start, and only for the levels some partner
     * uses: building one costs seconds (UK Core snapshots), a warmed one milliseconds a bundle. A
     * reload prepares those its new partners need before it applies.
     */
    @Bean
    PartnerMappers partnerMappers(MapperRegistry mappers, ActiveConfig config, HubProperties hub) {
        var partnerMappers = new PartnerMappers(mappers, level -> switch (level) {
            case BASE_R4 -> FhirValidator.baseR4();
            case PACKAGES -> {
                if (hub.fhirPackageDir() == null) {
                    throw new IllegalStateException("hub.fhir-package-dir is not set");
                }
                yield FhirValidator.withPackages(hub.fhirPackageDir());
            }
            case RULES -> throw new IllegalArgumentException("RULES needs no validator");
        });
        partnerMappers.prepare(config.partners().all());
        return partnerMappers;
    }
}
