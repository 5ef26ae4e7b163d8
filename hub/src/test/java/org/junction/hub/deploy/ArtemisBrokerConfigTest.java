package org.junction.hub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junction.adapters.intake.Queues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The pair's broker.xml files (deploy/artemis) as the hub relies on them: its role may use
 * management for exactly the two operations the hub makes, and the broker's dead-letter addresses
 * are the queues the hub's dead-letter view reads ({@code DLQ.hub.intake}; per partner the hub sets
 * {@code DLQ.hub.dispatch.<partner>} itself, ExternalBrokerManagementIT), where dead letters never
 * expire or give up.
 */
class ArtemisBrokerConfigTest {

    private static final String HUB = "junction-hub";

    @ParameterizedTest
    @ValueSource(strings = {"live", "backup"})
    void theHubsRoleMayUseManagementForQueueDepthsAndDispatchPoliciesOnly(String role) throws Exception {
        Element core = core(role);
        assertThat(text(core, "management-message-rbac")).as("per-operation checks").isEqualTo("true");
        Map<String, Set<String>> hubPermissions = new LinkedHashMap<>();
        for (Element setting : children(child(core, "security-settings"), "security-setting")) {
            Set<String> types = new TreeSet<>();
            for (Element permission : children(setting, "permission")) {
                if (List.of(permission.getAttribute("roles").split("\\s*,\\s*")).contains(HUB)) {
                    types.add(permission.getAttribute("type"));
                }
            }
            hubPermissions.put(setting.getAttribute("match"), types);
        }
        Map<String, Set<String>> management = Map.of(
                // manage, and the temporary queue each answer comes back on
                "activemq.management.#", Set.of("manage", "send", "createAddress", "deleteAddress", "createNonDurableQueue",
                        "deleteNonDurableQueue", "consume"),
                "mops.broker.listQueues", Set.of("view"),
                "mops.broker.addAddressSettings", Set.of("edit"),
                "mops.#", Set.of());
        management.forEach((match, types) -> assertThat(hubPermissions.get(match)).as(match).isEqualTo(types));
        hubPermissions.forEach((match, types) -> {
            if (match.startsWith("mops.") || match.startsWith("activemq.management")) {
                assertThat(management).as("no other management grant: " + match).containsKey(match);
            } else {
                assertThat(types).as(match + ": management only where named").doesNotContain("manage", "view", "edit");
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"live", "backup"})
    void deadLettersLandWhereTheHubLooksAndStayThere(String role) throws Exception {
        Map<String, Element> settings = new LinkedHashMap<>();
        for (Element setting : children(child(core(role), "address-settings"), "address-setting")) {
            settings.put(setting.getAttribute("match"), setting);
        }
        Element intake = settings.get(Queues.INTAKE);
        assertThat(text(intake, "dead-letter-address")).isEqualTo(Queues.deadLetter(Queues.INTAKE));
        assertThat(text(intake, "auto-create-dead-letter-resources")).isEqualTo("false");
        assertThat(Integer.parseInt(text(intake, "default-group-buckets"))).as("as the embedded broker's")
                .isEqualTo(org.junction.hub.broker.EmbeddedBrokerConfiguration.INTAKE_GROUP_BUCKETS);
        Element dispatch = settings.get(Queues.dispatch("#"));
        assertThat(Integer.parseInt(text(dispatch, "max-delivery-attempts"))).as("above the route's 12 + 1 attempts")
                .isGreaterThan(13);
        Element deadLetters = settings.get(Queues.deadLetter("#"));
        assertThat(text(deadLetters, "max-delivery-attempts")).isEqualTo("-1");
        assertThat(text(deadLetters, "expiry-address")).isEmpty();

        List<String> declared = new ArrayList<>();
        for (Element address : children(child(core(role), "addresses"), "address")) {
            declared.add(address.getAttribute("name"));
        }
        assertThat(declared).as("there before the first dead letter").contains(Queues.deadLetter(Queues.INTAKE));
    }

    private static Element core(String role) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder()
                .parse(DeployFiles.root().resolve(Path.of("deploy/artemis", role, "broker.xml")).toFile());
        return child(document.getDocumentElement(), "core");
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().strip();
    }
}
