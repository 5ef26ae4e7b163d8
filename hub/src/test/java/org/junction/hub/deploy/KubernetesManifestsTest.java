package org.junction.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests in deploy/k8s parse and carry what a production deployment needs: two
 * hub replicas with probes on the management port's health endpoints, pinned images, resources,
 * non-root read-only containers, secrets only by reference, a disruption budget, network
 * policies, the broker pair and the PostgreSQL reference.
 */
class KubernetesManifestsTest {

    private static final Path K8S = DeployFiles.root().resolve("deploy/k8s");
    private static final Pattern PINNED = Pattern.compile("[^\\s:@]+(:[\\w.-]+)?@sha256:[0-9a-f]{64}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL).*");
    private static final List<Map<String, Object>> OBJECTS = new ArrayList<>();
    private static final Map<Map<String, Object>, String> FILE_OF = new HashMap<>();

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        for (Path file : manifests()) {
            try (Reader in = Files.newBufferedReader(file)) {
                for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
                    if (doc == null) {
                        continue;
                    }
                    assertThat(doc).as(file + ": each document is a mapping").isInstanceOf(Map.class);
                    Map<String, Object> object = map(doc);
                    OBJECTS.add(object);
                    FILE_OF.put(object, file.getFileName().toString());
                }
            }
        }
    }

    @Test
    void everyObjectHasApiVersionKindAndANameAndKustomizeListsEveryFile() throws IOException {
        assertThat(OBJECTS).hasSizeGreaterThanOrEqualTo(12);
        for (Map<String, Object> object : OBJECTS) {
            String where = FILE_OF.get(object);
            assertThat(object.get("apiVersion")).as(where).isInstanceOf(String.class);
            assertThat(object.get("kind")).as(where).isInstanceOf(String.class);
            if (!"Kustomization".equals(object.get("kind"))) {
                assertThat(map(object.get("metadata")).get("name")).as(where + ": metadata.name").isNotNull();
            }
        }
        Map<String, Object> kustomization = only("Kustomization", null);
        Set<String> files = manifests().stream().map(p -> p.getFileName().toString())
                .filter(n -> !n.equals("kustomization.yaml")).collect(Collectors.toSet());
        assertThat(list(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void theHubRunsTwoReplicasWithProbesOnTheManagementPortsHealthEndpoints() {
        Map<String, Object> deployment = only("Deployment", "junction-hub");
        Map<String, Object> spec = map(deployment.get("spec"));
        assertThat(spec.get("replicas")).isEqualTo(2);
        assertThat(map(map(spec.get("strategy")).get("rollingUpdate")).get("maxUnavailable")).isEqualTo(0);
        Map<String, Object> hub = containers(deployment).get(0);
        Map<String, Object> management = list(hub.get("ports")).stream().map(KubernetesManifestsTest::map)
                .filter(p -> "management".equals(p.get("name"))).findFirst().orElseThrow();
        assertThat(management.get("containerPort")).isEqualTo(8081);
        for (var probe : Map.of("livenessProbe", "/actuator/health/liveness",
                "readinessProbe", "/actuator/health/readiness").entrySet()) {
            Map<String, Object> get = map(map(hub.get(probe.getKey())).get("httpGet"));
            assertThat(get.get("path")).as(probe.getKey()).isEqualTo(probe.getValue());
            assertThat(get.get("port")).as(probe.getKey()).isEqualTo("management");
            assertThat(get.get("scheme")).as(probe.getKey() + ": production serves management over HTTPS")
                    .isEqualTo("HTTPS");
        }
    }

    @Test
    void everyWorkloadPinsItsImageSetsResourcesAndRunsNonRootOnAReadOnlyRoot() {
        List<Map<String, Object>> workloads = OBJECTS.stream()
                .filter(o -> Set.of("Deployment", "StatefulSet").contains(o.get("kind"))).toList();
        assertThat(workloads).hasSize(2);
        for (Map<String, Object> workload : workloads) {
            String name = name(workload);
            Map<String, Object> podSpec = podSpec(workload);
            assertThat(map(podSpec.get("securityContext")).get("runAsNonRoot")).as(name).isEqualTo(true);
            for (Map<String, Object> container : containers(workload)) {
                String image = (String) container.get("image");
                assertThat(image).as(name + ": image pinned by digest").matches(PINNED).doesNotContain(":latest");
                Map<String, Object> resources = map(container.get("resources"));
                for (String bound : List.of("requests", "limits")) {
                    assertThat(map(resources.get(bound))).as(name + " " + bound).containsKeys("cpu", "memory");
                }
                Map<String, Object> security = map(container.get("securityContext"));
                assertThat(security.get("readOnlyRootFilesystem")).as(name).isEqualTo(true);
                assertThat(security.get("allowPrivilegeEscalation")).as(name).isEqualTo(false);
                assertThat(list(map(security.get("capabilities")).get("drop"))).as(name).contains("ALL");
                assertThat(container).as(name + ": probes").containsKeys("livenessProbe", "readinessProbe");
            }
        }
    }

    @Test
    void noSecretIsWrittenInAManifest() {
        assertThat(OBJECTS).as("Secrets are created apart (deploy/README.md), never committed")
                .noneMatch(o -> "Secret".equals(o.get("kind")));
        for (Map<String, Object> object : OBJECTS) {
            if ("ConfigMap".equals(object.get("kind"))) {
                assertThat(map(object.get("data")).keySet()).as(name(object))
                        .noneMatch(key -> SECRET_NAME.matcher(key).matches());
            }
            if (!Set.of("Deployment", "StatefulSet").contains(object.get("kind"))) {
                continue;
            }
            for (Map<String, Object> container : containers(object)) {
                for (Object item : list(container.getOrDefault("env", List.of()))) {
                    Map<String, Object> env = map(item);
                    String name = (String) env.get("name");
                    if (!SECRET_NAME.matcher(name).matches()) {
                        continue;
                    }
                    Object value = env.get("value");
                    if (value != null) {
                        assertThat((String) value).as(name + ": a file: reference, not the secret")
                                .startsWith("file:/");
                    } else {
                        assertThat(map(env.get("valueFrom"))).as(name).containsKey("secretKeyRef");
                    }
                }
            }
        }
    }

    @Test
    void theHubsSettingsNameThePostgresDatabaseAndTheBrokerPair() {
        Map<String, Object> settings = map(only("ConfigMap", "junction-hub-settings").get("data"));
        assertThat(settings.get("SPRING_PROFILES_ACTIVE")).isEqualTo("production");
        assertThat((String) settings.get("HUB_DB_URL")).startsWith("jdbc:postgresql://junction-postgresql.");
        assertThat(settings.get("HUB_BROKER_MODE")).isEqualTo("EXTERNAL");
        assertThat((String) settings.get("HUB_BROKER_URL")).contains("junction-artemis-0.", "junction-artemis-1.", "ha=true");
        Map<String, Object> hub = containers(only("Deployment", "junction-hub")).get(0);
        assertThat(list(hub.get("envFrom")).stream().map(e -> map(map(e).get("configMapRef")).get("name")))
                .containsExactly("junction-hub-settings");

        Map<String, Object> postgres = map(only("Service", "junction-postgresql").get("spec"));
        assertThat(postgres.get("type")).isEqualTo("ExternalName");
        Map<String, Object> artemis = map(only("StatefulSet", "junction-artemis").get("spec"));
        assertThat(artemis.get("replicas")).as("live and backup").isEqualTo(2);
        assertThat(list(artemis.get("volumeClaimTemplates"))).as("a journal volume per broker").hasSize(1);
    }

    /**
     * Runs each broker pod's start script (as pod 0 and as pod 1, with the ConfigMap's files in
     * place) and resolves the connectors of the broker.xml it chose: each broker binds to its own
     * stable name under the headless Service and finds its peer by the other pod's, on the port the
     * Service and the hub's URL name.
     */
    @Test
    void eachBrokerFindsItsPeerByTheOtherPodsStableNameOnThePortTheHubUses(@TempDir Path dir) throws Exception {
        Map<String, Object> statefulSet = only("StatefulSet", "junction-artemis");
        String service = (String) map(statefulSet.get("spec")).get("serviceName");
        Map<String, Object> headless = map(only("Service", service).get("spec"));
        assertThat(headless.get("clusterIP")).as("headless: a DNS name per pod").isEqualTo("None");
        List<Integer> servicePorts = list(headless.get("ports")).stream().map(p -> (Integer) map(p).get("port")).toList();
        String namespace = (String) map(statefulSet.get("metadata")).get("namespace");
        String hubUrl = (String) map(only("ConfigMap", "junction-hub-settings").get("data")).get("HUB_BROKER_URL");

        Path config = Files.createDirectories(dir.resolve("config"));
        for (String role : List.of("live", "backup")) {
            Files.copy(DeployFiles.root().resolve("deploy/artemis/" + role + "/broker.xml"),
                    config.resolve(role + "-broker.xml"));
        }
        Map<String, Object> broker = containers(statefulSet).get(0);
        String script = String.join("\n", list(broker.get("args")).stream().map(String.class::cast).toList())
                .replace("/var/lib/artemis-instance", dir.toString())
                .replace("/config/", config + "/")
                .replace("exec /docker-run.sh run", "echo \"$JAVA_ARGS_APPEND\"");
        for (int ordinal = 0; ordinal < 2; ordinal++) {
            String pod = "junction-artemis-" + ordinal;
            String peer = "junction-artemis-" + (1 - ordinal);
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true);
            builder.environment().put("POD_NAME", pod);
            builder.environment().put("JUNCTION_CLUSTER_PASSWORD", CLUSTER_PASSWORD);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes()).strip();
            assertThat(process.waitFor()).as(out).isZero();
            Map<String, String> properties = new HashMap<>();
            for (String arg : out.split("\\s+")) {
                if (arg.startsWith("-D")) {
                    String[] kv = arg.substring(2).split("=", 2);
                    properties.put(kv[0], kv[1]);
                }
            }
            String xml = Files.readString(dir.resolve("etc-override/broker.xml"));
            assertThat(xml).as(pod + " runs its role's file")
                    .contains(ordinal == 0 ? "<name>junction-live</name>" : "<name>junction-backup</name>");
            assertThat(xml).as("the Secret's cluster password, escaped for XML, in place of the placeholder")
                    .contains("<cluster-password>" + CLUSTER_PASSWORD_IN_XML + "</cluster-password>")
                    .doesNotContain("@CLUSTER_PASSWORD@");
            String self = resolve(connector(xml, "self"), properties);
            String peerConnector = resolve(connector(xml, "peer"), properties);
            String acceptor = resolve(element(xml, "acceptor"), properties);
            assertThat(self).isEqualTo("tcp://" + pod + "." + service + "." + namespace + ".svc:61717");
            assertThat(acceptor).startsWith(self + "?");
            assertThat(peerConnector).as(pod + "'s peer").isEqualTo("tcp://" + peer + "." + service + "." + namespace + ".svc:61717");
            assertThat(servicePorts).contains(61717);
            assertThat(hubUrl).as("the hub's URL names this broker").contains(self);
        }
    }

    /** Every character sed or XML would read as syntax. */
    private static final String CLUSTER_PASSWORD = "a|b&c\\d/e<f>g'h";
    private static final String CLUSTER_PASSWORD_IN_XML = "a|b&amp;c\\d/e&lt;f&gt;g'h";

    private static String connector(String xml, String name) {
        var matcher = Pattern.compile("<connector name=\"" + name + "\">([^<]+)</connector>").matcher(xml);
        assertThat(matcher.find()).as("connector " + name).isTrue();
        return matcher.group(1);
    }

    private static String element(String xml, String tag) {
        var matcher = Pattern.compile("<" + tag + "[^>]*>([^<]+)</" + tag + ">").matcher(xml);
        assertThat(matcher.find()).as(tag).isTrue();
        return matcher.group(1);
    }

    /** Artemis's ${name:default} substitution in broker.xml, from the broker JVM's system properties. */
    private static String resolve(String value, Map<String, String> properties) {
        var matcher = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = properties.getOrDefault(matcher.group(1), matcher.group(2));
            assertThat(replacement).as("${" + matcher.group(1) + "} set or defaulted").isNotNull();
            matcher.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    @Test
    void disruptionBudgetsAndNetworkPoliciesCoverTheHubAndTheBrokers() {
        Map<String, Object> hubBudget = map(only("PodDisruptionBudget", "junction-hub").get("spec"));
        assertThat(hubBudget.get("minAvailable")).isEqualTo(1);
        Map<String, Object> hubLabels = map(map(map(map(only("Deployment", "junction-hub").get("spec"))
                .get("template")).get("metadata")).get("labels"));
        assertThat(hubLabels).containsAllEntriesOf(map(map(hubBudget.get("selector")).get("matchLabels")));
        assertThat(hubLabels).containsAllEntriesOf(map(map(only("Service", "junction-hub").get("spec")).get("selector")));

        Map<String, Object> policy = map(only("NetworkPolicy", "junction-hub").get("spec"));
        assertThat(list(policy.get("policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(hubLabels).containsAllEntriesOf(map(map(policy.get("podSelector")).get("matchLabels")));
        assertThat(only("NetworkPolicy", "junction-artemis")).isNotNull();
        assertThat(only("PodDisruptionBudget", "junction-artemis")).isNotNull();
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Map<String, Object> only(String kind, String name) {
        List<Map<String, Object>> found = OBJECTS.stream().filter(o -> kind.equals(o.get("kind")))
                .filter(o -> name == null || name.equals(name(o))).toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return found.get(0);
    }

    private static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata")).get("name");
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(map(map(workload.get("spec")).get("template")).get("spec"));
    }

    private static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return list(podSpec(workload).get("containers")).stream().map(KubernetesManifestsTest::map).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
