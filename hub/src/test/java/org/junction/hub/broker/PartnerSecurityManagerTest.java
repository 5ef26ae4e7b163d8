package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.junction.adapters.partner.PartnerDirectory;
import org.junction.adapters.partner.PartnerKind;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.security.identity.ApiKeys;
import org.junit.jupiter.api.Test;

class PartnerSecurityManagerTest {

    private static final AdapterSettings JMS_SOURCE = new AdapterSettings("jms", null, "council-referral-json-v1", null, Map.of());
    private static final AdapterSettings JMS_SINK = new AdapterSettings("jms", null, "council-referral-json-v1", null, Map.of());
    private static final AdapterSettings REST_SOURCE = new AdapterSettings("rest-json", null, "council-referral-json-v1", null, Map.of());

    private final AtomicReference<PartnerDirectory> directory = new AtomicReference<>(new PartnerDirectory(List.of(
            partner("council-a", "key-a", List.of(JMS_SOURCE), JMS_SINK),
            partner("council-b", "key-b", List.of(JMS_SOURCE), JMS_SINK),
            partner("sender-only", "key-s", List.of(JMS_SOURCE), null),
            partner("rest-only", "key-r", List.of(REST_SOURCE), null))));
    private final InternalBrokerUser internal = InternalBrokerUser.generate();
    private final PartnerSecurityManager manager = new PartnerSecurityManager(internal, directory::get);

    @Test
    void aPartnerLogsInWithItsIdAndItsOwnKeyOnly() {
        assertThat(manager.authenticate("council-a", "key-a", null, null)).isNotNull();
        assertThat(manager.authenticate("council-a", "key-b", null, null)).isNull();
        assertThat(manager.authenticate("council-a", "wrong", null, null)).isNull();
        assertThat(manager.authenticate("council-a", null, null, null)).isNull();
        assertThat(manager.authenticate(null, null, null, null)).isNull();
        assertThat(manager.authenticate("nobody", "key-a", null, null)).isNull();
    }

    @Test
    void aPartnerWithoutAJmsAdapterCannotLogInToTheBroker() {
        assertThat(manager.authenticate("rest-only", "key-r", null, null)).isNull();
    }

    @Test
    void theInternalLoginIsRefusedOffTheInVmConnection() {
        assertThat(manager.authenticate(internal.username(), internal.password(), null, null)).isNull();
        assertThat(manager.authenticate(internal.username(), "guess", null, null)).isNull();
    }

    @Test
    void aPartnerMaySendToItsInboundAndConsumeItsOutboundOnly() {
        Subject a = manager.authenticate("council-a", "key-a", null, null);

        assertThat(manager.authorize(a, Set.of(), CheckType.SEND, "partner.council-a.in")).isTrue();
        assertThat(manager.authorize(a, Set.of(), CheckType.CONSUME, "partner.council-a.out")).isTrue();
        assertThat(manager.authorize(a, Set.of(), CheckType.BROWSE, "partner.council-a.out::partner.council-a.out")).isTrue();

        assertThat(manager.authorize(a, Set.of(), CheckType.SEND, "partner.council-b.in")).isFalse();
        assertThat(manager.authorize(a, Set.of(), CheckType.SEND, "partner.council-a.out")).isFalse();
        assertThat(manager.authorize(a, Set.of(), CheckType.CONSUME, "partner.council-b.out")).isFalse();
        assertThat(manager.authorize(a, Set.of(), CheckType.CONSUME, "partner.council-a.in")).isFalse();
        assertThat(manager.authorize(a, Set.of(), CheckType.CONSUME, "partner.council-a.out::DLQ.partner.council-a.out")).isFalse();
        assertThat(manager.authorize(a, Set.of(), CheckType.CONSUME, "hub.intake")).isFalse();
        assertThat(manager.authorize(a, Set.of(), CheckType.SEND, "hub.intake")).isFalse();
        for (CheckType admin : List.of(CheckType.CREATE_ADDRESS, CheckType.CREATE_DURABLE_QUEUE,
                CheckType.CREATE_NON_DURABLE_QUEUE, CheckType.DELETE_ADDRESS, CheckType.DELETE_DURABLE_QUEUE,
                CheckType.MANAGE, CheckType.VIEW, CheckType.EDIT)) {
            assertThat(manager.authorize(a, Set.of(), admin, "partner.council-a.in")).as(admin.name()).isFalse();
        }
    }

    @Test
    void aPartnerWithoutAJmsSinkHasNothingToConsume() {
        Subject sender = manager.authenticate("sender-only", "key-s", null, null);

        assertThat(manager.authorize(sender, Set.of(), CheckType.SEND, "partner.sender-only.in")).isTrue();
        assertThat(manager.authorize(sender, Set.of(), CheckType.CONSUME, "partner.sender-only.out")).isFalse();
    }

    @Test
    void aReloadThatRemovesThePartnerTakesItsRightsAtOnce() {
        Subject a = manager.authenticate("council-a", "key-a", null, null);
        directory.set(new PartnerDirectory(List.of(partner("council-b", "key-b", List.of(JMS_SOURCE), JMS_SINK))));

        assertThat(manager.authorize(a, Set.of(), CheckType.SEND, "partner.council-a.in")).isFalse();
        assertThat(manager.authenticate("council-a", "key-a", null, null)).isNull();
    }

    @Test
    void whereApiKeysAreRefusedNoPasswordLogsInOnlyTheHubsOwnInVmLoginRemains() {
        var production = new PartnerSecurityManager(internal, directory::get, () -> false);

        assertThat(production.authenticate("council-a", "key-a", null, null)).isNull();
        assertThat(production.authenticate(null, null, null, null)).isNull();
        assertThat(production.login("council-a", "key-a", null)).isEmpty();
        assertThat(manager.login("council-a", "key-a", null)).contains("council-a");
        assertThat(manager.stillAdmits("council-a", "council-a", "key-a", null)).isTrue();
        assertThat(manager.stillAdmits("council-b", "council-a", "key-a", null)).isFalse();
        assertThat(production.stillAdmits("council-a", "council-a", "key-a", null)).isFalse();
    }

    private static PartnerSettings partner(String id, String key, List<AdapterSettings> sources, AdapterSettings sink) {
        return new PartnerSettings(id, id, PartnerKind.COUNCIL, ApiKeys.sha256Hex(key), sources, sink);
    }
}
