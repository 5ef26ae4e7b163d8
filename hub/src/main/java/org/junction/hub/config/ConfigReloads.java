package org.junction.hub.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.config.ConfigDiff;
import org.junction.adapters.config.ConfigLoader;
import org.junction.adapters.config.ConfigProblem;
import org.junction.adapters.config.ConfigSet;
import org.junction.adapters.config.InvalidConfigurationException;
import org.junction.adapters.intake.PartnerMappers;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.AdapterTypes;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.RouteSpec;
import org.junction.console.admin.PartnerAdministration;
import org.junction.routes.deliver.PartnerCircuits;
import org.junction.routes.partners.PartnerRoutes;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration directory: validate the whole set, work out the diff, then (unless a
 * dry run) prepare what the new partners need (FHIR validators), move the routes, and swap the set
 * in. A set with any problem changes nothing; so does a route that cannot be built, whose partner
 * routes are put back as they were. Every reload that could change something is recorded in the
 * audit ledger with the caller. Reloads run one at a time.
 */
public class ConfigReloads implements PartnerAdministration {

    public static final String STATUS_APPLIED = "APPLIED";
    public static final String STATUS_UNCHANGED = "UNCHANGED";
    public static final String STATUS_DRY_RUN = "DRY_RUN";
    public static final String STATUS_REFUSED = "REFUSED";
    private static final Logger log = LoggerFactory.getLogger(ConfigReloads.class);

    private final Path configDir;
    private final ConfigLoader loader;
    private final ActiveConfig active;
    private final PartnerMappers mappers;
    private final PartnerRoutes routes;
    private final AdapterTypes types;
    private final CamelContext camel;
    private final PartnerCircuits circuits;
    private final LedgerWriter ledger;
    private final Clock clock;

    public ConfigReloads(Path configDir, ConfigLoader loader, ActiveConfig active, PartnerMappers mappers,
                         PartnerRoutes routes, AdapterTypes types, CamelContext camel, PartnerCircuits circuits,
                         LedgerWriter ledger, Clock clock) {
        this.configDir = configDir;
        this.loader = loader;
        this.active = active;
        this.mappers = mappers;
        this.routes = routes;
        this.types = types;
        this.camel = camel;
        this.circuits = circuits;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public synchronized ReloadOutcome reload(boolean dryRun, String caller) {
        Instant at = clock.instant();
        ConfigSet before = active.current();
        ConfigSet after;
        try {
            after = loader.load(configDir);
        } catch (InvalidConfigurationException invalid) {
            return refuse(invalid.problems(), null, dryRun, caller, at);
        }
        ConfigDiff diff = ConfigDiff.between(before, after);
        if (dryRun) {
            return new ReloadOutcome(STATUS_DRY_RUN, view(diff), List.of(), caller, at);
        }
        if (diff.isEmpty()) {
            return new ReloadOutcome(STATUS_UNCHANGED, view(diff), List.of(), caller, at);
        }
        try {
            mappers.prepare(after.directory().all());
            routes.apply(before.routes(), after.routes());
        } catch (IllegalStateException cannotApply) {
            return refuse(List.of(new ConfigProblem(ConfigLoader.PARTNERS_DIR, null, null, cannotApply.getMessage())),
                    diff, false, caller, at);
        }
        active.replace(after, at);
        ledger.record(configEvent(LedgerEventType.CONFIG_APPLIED, caller, at, "APPLIED", null));
        log.info("Configuration applied for {}: partners {}, routes {}, agreements {}, area routing {}",
                caller, diff.partners(), diff.routes(), diff.agreements(), diff.areas());
        return new ReloadOutcome(STATUS_APPLIED, view(diff), List.of(), caller, at);
    }

    private ReloadOutcome refuse(List<ConfigProblem> problems, ConfigDiff diff, boolean dryRun, String caller,
                                 Instant at) {
        if (!dryRun) {
            active.refused(new ActiveConfig.Refusal(at, caller, problems));
            ledger.record(configEvent(LedgerEventType.CONFIG_REFUSED, caller, at, "REFUSED",
                    "PROBLEMS_" + problems.size()));
        }
        log.warn("Configuration refused for {}: {}", caller, problems);
        return new ReloadOutcome(STATUS_REFUSED, diff == null ? null : view(diff),
                problems.stream().map(ConfigReloads::view).toList(), caller, at);
    }

    @Override
    public List<PartnerView> partners() {
        ConfigSet current = active.current();
        var refusal = active.lastRefusal();
        List<PartnerView> views = new ArrayList<>();
        for (PartnerSettings partner : current.partners()) {
            List<AdapterView> adapters = new ArrayList<>();
            List<RouteSpec> partnerRoutes = current.routesOf(partner.id());
            partner.sources().forEach(s -> adapters.add(adapter(Direction.SOURCE, s, partnerRoutes)));
            if (partner.sink() != null) {
                adapters.add(adapter(Direction.SINK, partner.sink(), partnerRoutes));
            }
            List<String> directions = new ArrayList<>();
            if (!partner.sources().isEmpty()) {
                directions.add(Direction.SOURCE.name());
            }
            if (partner.sink() != null) {
                directions.add(Direction.SINK.name());
            }
            String state = switch (circuits.state(partner.id())) {
                case PAUSED -> "PAUSED";
                case OPEN -> "CIRCUIT_OPEN";
                case HALF_OPEN -> "CIRCUIT_HALF_OPEN";
                case CLOSED -> partnerRoutes.stream().allMatch(r -> "Started".equals(routeState(r.routeId())))
                        ? "RUNNING" : "DEGRADED";
            };
            String file = current.files().get(partner.id());
            List<ProblemView> problems = refusal == null ? List.of() : refusal.problems().stream()
                    .filter(p -> partner.id().equals(p.partner()) || file.equals(p.file()))
                    .map(ConfigReloads::view).toList();
            views.add(new PartnerView(partner.id(), partner.name(), partner.kind().name(), file, directions, adapters,
                    state, problems));
        }
        return views;
    }

    @Override
    public Optional<PartnerView> pause(String partnerId, String caller) {
        return receiving(partnerId).map(id -> {
            circuits.pause(id, caller);
            return view(id);
        });
    }

    @Override
    public Optional<PartnerView> resume(String partnerId, String caller) {
        return receiving(partnerId).map(id -> {
            circuits.resume(id, caller);
            return view(id);
        });
    }

    /** Only a partner the hub delivers to has deliveries to pause. */
    private Optional<String> receiving(String partnerId) {
        return active.current().partner(partnerId).filter(p -> p.sink() != null).map(PartnerSettings::id);
    }

    private PartnerView view(String partnerId) {
        return partners().stream().filter(p -> p.id().equals(partnerId)).findFirst().orElseThrow();
    }

    private AdapterView adapter(Direction direction, AdapterSettings settings, List<RouteSpec> partnerRoutes) {
        String template = types.find(settings.type()).flatMap(t -> t.routeTemplate(direction)).orElse(null);
        String routeId = template == null ? null : partnerRoutes.stream()
                .filter(r -> r.templateId().equals(template)).map(RouteSpec::routeId).findFirst().orElse(null);
        return new AdapterView(direction.name(), settings.type(), settings.mapper(), settings.endpoint(), routeId,
                routeId == null ? null : routeState(routeId));
    }

    private String routeState(String routeId) {
        var status = camel.getRouteController().getRouteStatus(routeId);
        return status == null ? "Absent" : status.name();
    }

    private static LedgerEvent configEvent(LedgerEventType type, String caller, Instant at, String outcome,
                                           String reason) {
        return new LedgerEvent(UUID.randomUUID(), null, type, at, caller, null, null, null, null, outcome, reason, 1,
                List.of());
    }

    private static ProblemView view(ConfigProblem p) {
        return new ProblemView(p.file(), p.partner(), p.key(), p.reason(), p.agreement());
    }

    private static DiffView view(ConfigDiff diff) {
        return new DiffView(view(diff.partners()), view(diff.routes()), view(diff.agreements()),
                view(diff.areas()));
    }

    private static ChangeView view(ConfigDiff.Change change) {
        return new ChangeView(change.added(), change.removed(), change.changed());
    }
}
