package org.junction.hub;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.component.jms.JmsComponent;
import org.junction.adapters.partner.Partner;
import ca.uhn.fhir.context.FhirContext;
import org.junction.routes.decide.DecideRoute;
import org.junction.routes.decide.DecideService;
import org.junction.routes.deliver.DeliveryProperties;
import org.junction.routes.deliver.DeliveryService;
import org.junction.routes.deliver.FhirDeliverRoutes;
import org.junction.routes.deliver.WebhookDeliverRoutes;
import org.junction.security.consent.ConsentStore;
import org.junction.security.sharing.SharingDecisionStore;
import org.junction.security.sharing.SharingRules;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.OutboxStore;
import org.junction.adapters.intake.PartnerMappers;
import org.junction.adapters.partner.FhirValidationLevel;
import org.junction.adapters.partner.PartnerDirectory;
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
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Composition root: the pure parts (mappings, security) and the pipeline, wired together. */
@Configuration(proxyBeanMethods = false)
public class HubConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KeyRing keyRing(KeyProperties keys, HubProperties hub) {
        return KeyRingFactory.open(keys, hub.dataDir());
    }

    @Bean
    EnvelopeCipher envelopeCipher(KeyRing keys) {
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
    PartnerDirectory partnerDirectory(HubProperties hub) {
        return new PartnerDirectory(hub.partners());
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
    ChainVerifier chainVerifier(JdbcTemplate jdbc) {
        return new ChainVerifier(jdbc);
    }

    @Bean
    LedgerSealing ledgerSealing(LedgerSealer sealer, HubProperties hub) {
        return new LedgerSealing(sealer, hub.sealInterval());
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

    @Bean
    ConsentStore consentStore(JdbcTemplate jdbc) {
        return new ConsentStore(jdbc);
    }

    @Bean
    SharingDecisionStore sharingDecisionStore(JdbcTemplate jdbc) {
        return new SharingDecisionStore(jdbc);
    }

    @Bean
    SharingRules sharingRules(HubProperties hub, PartnerDirectory partners) {
        return SharingRulesLoader.load(hub.configDir(),
                partners.all().stream().map(Partner::id).collect(Collectors.toSet()),
                partners.all().stream().filter(Partner::receives).map(Partner::id).collect(Collectors.toSet()));
    }

    @Bean
    JmsComponent jms(ConnectionFactory connectionFactory) {
        return JmsComponent.jmsComponent(connectionFactory);
    }

    @Bean
    DecideService decideService(EnvelopeCipher cipher, Pseudonymiser pseudonymiser, ConsentStore consents,
                                SharingDecisionStore decisions, SharingRules rules, OutboxStore outbox,
                                LedgerWriter ledger, TransactionTemplate transactions, OutboxRelay relay, Clock clock) {
        return new DecideService(cipher, pseudonymiser, consents, decisions, () -> rules, outbox, ledger, transactions,
                relay, clock);
    }

    @Bean
    DecideRoute decideRoute(DecideService decide) {
        return new DecideRoute(decide);
    }

    @Bean
    DeliveryService deliveryService(JdbcTemplate jdbc, EnvelopeCipher cipher, LedgerWriter ledger,
                                    TransactionTemplate transactions, Clock clock) {
        return new DeliveryService(jdbc, cipher, ledger, transactions, clock);
    }

    @Bean
    FhirDeliverRoutes fhirDeliverRoutes(PartnerDirectory partners, DeliveryService deliveries,
                                        DeliveryProperties delivery) {
        // A context of its own: delivery sets client timeouts on its factory, which must not leak into
        // every other HAPI client in the process.
        return new FhirDeliverRoutes(partners.all(), deliveries, delivery, FhirContext.forR4());
    }

    @Bean
    WebhookDeliverRoutes webhookDeliverRoutes(PartnerDirectory partners, MapperRegistry mappers,
                                              DeliveryService deliveries, DeliveryProperties delivery, Clock clock) {
        return new WebhookDeliverRoutes(partners.all(), mappers, deliveries, delivery, clock);
    }

    @Bean
    IntakeService intakeService(EnvelopeCipher cipher, Pseudonymiser pseudonymiser, OutboxStore outbox,
                                LedgerWriter ledger, TransactionTemplate transactions, IntakeProperties intake,
                                OutboxRelay relay, Clock clock) {
        return new IntakeService(cipher, pseudonymiser, outbox, ledger, transactions, intake, relay, clock);
    }

    /**
     * FHIR validators are built and warmed here, at start, and only for the levels some partner
     * uses: building one costs seconds (UK Core snapshots), a warmed one milliseconds a bundle.
     */
    @Bean
    PartnerMappers partnerMappers(MapperRegistry mappers, PartnerDirectory partners, HubProperties hub) {
        Map<FhirValidationLevel, FhirValidator> validators = new EnumMap<>(FhirValidationLevel.class);
        for (Partner partner : partners.all()) {
            switch (partner.fhirValidation()) {
                case BASE_R4 -> validators.computeIfAbsent(FhirValidationLevel.BASE_R4,
                        level -> FhirValidator.baseR4().warm());
                case PACKAGES -> validators.computeIfAbsent(FhirValidationLevel.PACKAGES, level -> {
                    if (hub.fhirPackageDir() == null) {
                        throw new IllegalStateException("hub.partners: partner '" + partner.id()
                                + "' asks for fhir-validation PACKAGES but hub.fhir-package-dir is not set");
                    }
                    return FhirValidator.withPackages(hub.fhirPackageDir()).warm();
                });
                default -> {
                }
            }
        }
        return new PartnerMappers(mappers, validators);
    }
}
