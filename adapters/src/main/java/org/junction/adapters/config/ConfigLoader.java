package org.junction.adapters.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junction.adapters.partner.PartnerDirectory;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.adapters.partner.SecretReferences;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.AdapterTypes;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.PartnerAdapter;
import org.junction.adapters.spi.RouteSpec;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.mappings.MapperRegistry;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementFile;
import org.junction.security.governance.agreement.AgreementProblem;
import org.junction.security.governance.routing.AreaRouting;

/**
 * Reads and checks the whole configuration directory: {@code partners/*.yaml},
 * {@code agreements/*.yaml} and {@code area-routing.yaml}. Either every file is usable and a
 * {@link ConfigSet} comes back, or nothing does and every problem found is named (file, partner or
 * agreement, key, reason): an admin fixes a broken set in one pass, and a broken set can never be
 * half-applied.
 */
public class ConfigLoader {

    public static final String PARTNERS_DIR = "partners";
    /** The flows file of Junction before agreements, refused so that nobody believes it still decides. */
    public static final String SHARING_RULES_FILE = "sharing-rules.yaml";
    public static final String AGREEMENTS_DIR = "agreements";
    public static final String AREA_ROUTING_FILE = AreaRoutingFile.FILE;

    private final AdapterTypes types;
    private final MapperRegistry mappers;

    public ConfigLoader(AdapterTypes types, MapperRegistry mappers) {
        this.types = types;
        this.mappers = mappers;
    }

    /** @throws InvalidConfigurationException listing every problem, when any file is unusable */
    public ConfigSet load(Path configDir) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, PartnerSettings> partners = new LinkedHashMap<>();
        Map<String, String> files = new HashMap<>();
        Map<String, String> keyOwners = new HashMap<>();
        Map<String, String> certificateOwners = new HashMap<>();
        Map<String, String> subjectOwners = new HashMap<>();
        List<Parsed> parsed = new ArrayList<>();
        for (Path path : partnerFiles(configDir)) {
            String file = configDir.relativize(path).toString();
            List<ConfigProblem> found = new ArrayList<>();
            PartnerSettings settings = PartnerFile.read(read(path), file, found);
            if (settings != null && settings.id() != null) {
                check(settings, file, found);
            }
            parsed.add(new Parsed(file, settings, found));
        }
        // Of two files with one id, the one named after the id keeps it (else the first by name):
        // the admin who copied a file to start a new partner is told about the copy.
        Map<String, String> owners = new HashMap<>();
        for (Parsed p : parsed) {
            if (p.settings() != null && p.settings().id() != null) {
                owners.merge(p.settings().id(), p.file(), (first, next) -> isNamedAfter(next, p.settings().id()) ? next : first);
            }
        }
        for (Parsed p : parsed) {
            PartnerSettings settings = p.settings();
            List<ConfigProblem> found = new ArrayList<>(p.problems());
            if (settings != null && settings.id() != null) {
                String owner = owners.get(settings.id());
                if (!owner.equals(p.file())) {
                    found.add(new ConfigProblem(p.file(), settings.id(), "id", "already used by " + owner));
                } else {
                    files.put(settings.id(), p.file());
                }
                if (settings.apiKeySha256() != null) {
                    String keyOwner = keyOwners.putIfAbsent(settings.apiKeySha256(), settings.id());
                    if (keyOwner != null && !keyOwner.equals(settings.id())) {
                        found.add(new ConfigProblem(p.file(), settings.id(), "api-key-sha256",
                                "the same key as partner '" + keyOwner + "': every partner needs its own"));
                    }
                }
                for (String fingerprint : settings.clientCertificates()) {
                    String certificateOwner = certificateOwners.putIfAbsent(fingerprint, settings.id());
                    if (certificateOwner != null && !certificateOwner.equals(settings.id())) {
                        found.add(new ConfigProblem(p.file(), settings.id(), "client-certificates",
                                "a certificate of partner '" + certificateOwner + "': a certificate identifies one partner"));
                    }
                }
                for (String subject : settings.tokenSubjects()) {
                    String subjectOwner = subjectOwners.putIfAbsent(subject, settings.id());
                    if (subjectOwner != null && !subjectOwner.equals(settings.id())) {
                        found.add(new ConfigProblem(p.file(), settings.id(), "token-subjects",
                                "'" + subject + "' is a token subject of partner '" + subjectOwner
                                        + "': a token identifies one partner"));
                    }
                }
            }
            if (found.isEmpty() && settings != null) {
                partners.put(settings.id(), settings);
            }
            problems.addAll(found);
        }
        if (Files.exists(configDir.resolve(SHARING_RULES_FILE))) {
            problems.add(new ConfigProblem(SHARING_RULES_FILE, null, null, "no longer read: sharing is decided "
                    + "only under information sharing agreements; write each rule as a flow of agreements/*.yaml "
                    + "(see deploy/docs/agreements.md) and delete this file"));
        }
        // Every partner file that names an id counts, even one with problems of its own: its
        // problems are reported once, not again by each agreement naming the partner.
        Map<String, String> organisations = new HashMap<>();
        parsed.stream().filter(p -> p.settings() != null && p.settings().id() != null)
                .forEach(p -> organisations.putIfAbsent(p.settings().id(), p.settings().organisation()));
        Map<String, String> agreementFiles = new HashMap<>();
        List<Agreement> agreements = agreements(configDir, organisations, agreementFiles, problems);
        AreaRouting areaRouting = null;
        Path routingFile = configDir.resolve(AREA_ROUTING_FILE);
        if (Files.exists(routingFile)) {
            areaRouting = AreaRoutingFile.read(read(routingFile), partners, organisations.keySet(), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        List<PartnerSettings> all = partners.values().stream()
                .sorted(java.util.Comparator.comparing(PartnerSettings::id)).toList();
        return new ConfigSet(all, files, routes(all), new PartnerDirectory(all), agreements, agreementFiles,
                areaRouting);
    }

    /**
     * Reads every agreement file; one id and version may be defined once. The partner to
     * organisation map lets each file check that its flows name configured partners of its parties.
     */
    private static List<Agreement> agreements(Path configDir, Map<String, String> organisations,
                                              Map<String, String> agreementFiles, List<ConfigProblem> problems) {
        List<Agreement> agreements = new ArrayList<>();
        Map<String, String> definedIn = new HashMap<>();
        for (Path path : yamlFiles(configDir.resolve(AGREEMENTS_DIR))) {
            String file = configDir.relativize(path).toString();
            List<AgreementProblem> found = new ArrayList<>();
            Agreement agreement = AgreementFile.read(read(path), file, organisations, found);
            found.forEach(p -> problems.add(ConfigProblem.ofAgreement(p.file(), p.agreement(), p.key(), p.reason())));
            if (agreement == null) {
                continue;
            }
            String name = path.getFileName().toString();
            if (name.endsWith(".yml") && !name.equals(agreement.id() + ".yml")) {
                // The model checks .yaml names itself.
                problems.add(ConfigProblem.ofAgreement(file, agreement.id(), "id", "must match the file name (<id>.yml)"));
                continue;
            }
            String earlier = definedIn.putIfAbsent(agreement.id() + "|" + agreement.version(), file);
            if (earlier != null) {
                problems.add(ConfigProblem.ofAgreement(file, agreement.id(), "version",
                        "version " + agreement.version() + " is already defined by " + earlier));
                continue;
            }
            if (agreementFiles.putIfAbsent(agreement.id(), file) != null) {
                problems.add(ConfigProblem.ofAgreement(file, agreement.id(), "id",
                        "already defined by " + agreementFiles.get(agreement.id())
                                + ": one version of an agreement is configured at a time"));
                continue;
            }
            agreements.add(agreement);
        }
        return agreements;
    }

    private record Parsed(String file, PartnerSettings settings, List<ConfigProblem> problems) {
    }

    private static boolean isNamedAfter(String file, String id) {
        String name = Path.of(file).getFileName().toString();
        return name.equals(id + ".yaml") || name.equals(id + ".yml");
    }

    private void check(PartnerSettings partner, String file, List<ConfigProblem> problems) {
        for (int i = 0; i < partner.sources().size(); i++) {
            check(partner, Direction.SOURCE, partner.sources().get(i), "sources[" + i + "]", file, problems);
        }
        if (partner.sink() != null) {
            check(partner, Direction.SINK, partner.sink(), "sink", file, problems);
        } else if (partner.delivery() != null) {
            problems.add(new ConfigProblem(file, partner.id(), "delivery", "only a partner with a sink has deliveries"));
        }
    }

    private void check(PartnerSettings partner, Direction direction, AdapterSettings settings, String at, String file,
                       List<ConfigProblem> problems) {
        if (settings.type() == null) {
            return;
        }
        var type = types.find(settings.type());
        if (type.isEmpty()) {
            problems.add(new ConfigProblem(file, partner.id(), at + ".type",
                    "unknown adapter type '" + settings.type() + "' (known: " + types.ids() + ")"));
            return;
        }
        if (!type.get().directions().contains(direction)) {
            problems.add(new ConfigProblem(file, partner.id(), at + ".type", "adapter type '" + settings.type()
                    + "' cannot be a " + direction.suffix() + " (it supports " + type.get().directions() + ")"));
            return;
        }
        if (settings.credentials() != null) {
            if (!SecretReferences.isReference(settings.credentials())) {
                problems.add(new ConfigProblem(file, partner.id(), at + ".credentials",
                        "must be a reference (env:NAME or file:/path), never the secret itself"));
            } else {
                try {
                    SecretReferences.resolve(settings.credentials());
                } catch (IllegalStateException unresolved) {
                    problems.add(new ConfigProblem(file, partner.id(), at + ".credentials", unresolved.getMessage()));
                }
            }
        }
        type.get().validate(direction, settings, mappers).forEach(problem ->
                problems.add(new ConfigProblem(file, partner.id(), at + "." + problem.key(), problem.reason())));
    }

    private List<RouteSpec> routes(List<PartnerSettings> partners) {
        List<RouteSpec> routes = new ArrayList<>();
        for (PartnerSettings partner : partners) {
            Map<String, Integer> perTemplate = new HashMap<>();
            for (AdapterSettings source : partner.sources()) {
                route(partner.id(), Direction.SOURCE, source, perTemplate).ifPresent(routes::add);
            }
            if (partner.sink() != null) {
                Map<String, Object> deliver = new HashMap<>();
                deliver.put(RouteTemplates.PARTNER_ID, partner.id());
                if (partner.delivery() != null) {
                    deliver.putAll(partner.delivery().parameters());
                }
                routes.add(new RouteSpec(RouteTemplates.deliverRouteId(partner.id()), RouteTemplates.DELIVER_TEMPLATE,
                        partner.id(), deliver));
                route(partner.id(), Direction.SINK, partner.sink(), perTemplate).ifPresent(routes::add);
            }
        }
        return routes;
    }

    private java.util.Optional<RouteSpec> route(String partnerId, Direction direction, AdapterSettings settings,
                                                Map<String, Integer> perTemplate) {
        PartnerAdapter type = types.find(settings.type()).orElseThrow();
        return type.routeTemplate(direction).map(template -> {
            // A partner may have two sources of one type (two drop folders, say): ids stay unique.
            int n = perTemplate.merge(template, 1, Integer::sum);
            String routeId = template + "-" + partnerId + (n > 1 ? "-" + n : "");
            return new RouteSpec(routeId, template, partnerId, RouteTemplates.parameters(partnerId, settings));
        });
    }

    private static List<Path> partnerFiles(Path configDir) {
        return yamlFiles(configDir.resolve(PARTNERS_DIR));
    }

    private static List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
