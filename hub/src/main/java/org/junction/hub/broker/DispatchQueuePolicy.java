package org.junction.hub.broker;

import java.util.Map;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junction.adapters.intake.Queues;
import org.junction.adapters.partner.DeliveryPolicy;
import org.junction.routes.deliver.DeliveryProperties;

/**
 * The broker's policy for one partner's dispatch queue, the same on the embedded broker and on an
 * external one: the deliver route dead-letters on its last attempt itself, with its reason; the
 * broker's own limit sits one above, as a backstop, and sends what it gives up on to the same
 * {@code DLQ.hub.dispatch.<partner>} the route uses, where the dead-letter view and replay look.
 */
final class DispatchQueuePolicy {

    private DispatchQueuePolicy() {
    }

    static AddressSettings of(String partnerId, Map<String, Object> policy, DeliveryProperties delivery) {
        return new AddressSettings()
                .setMaxDeliveryAttempts(number(policy, DeliveryPolicy.MAXIMUM_REDELIVERIES,
                        delivery.maximumRedeliveries()).intValue() + 2)
                .setRedeliveryDelay(number(policy, DeliveryPolicy.INITIAL_DELAY,
                        delivery.initialDelay().toMillis()).longValue())
                .setRedeliveryMultiplier(number(policy, DeliveryPolicy.MULTIPLIER, delivery.multiplier()).doubleValue())
                .setMaxRedeliveryDelay(number(policy, DeliveryPolicy.MAXIMUM_DELAY,
                        delivery.maximumDelay().toMillis()).longValue())
                .setRedeliveryCollisionAvoidanceFactor(delivery.jitter())
                .setDeadLetterAddress(SimpleString.of(deadLetters(partnerId)))
                .setAutoCreateDeadLetterResources(false);
    }

    static String deadLetters(String partnerId) {
        return Queues.deadLetter(Queues.dispatch(partnerId));
    }

    /** A partner's own value where its file sets one, else the hub's. */
    private static Number number(Map<String, Object> policy, String key, Number fallback) {
        Object value = policy.get(key);
        return value == null ? fallback : Double.valueOf(value.toString());
    }
}
