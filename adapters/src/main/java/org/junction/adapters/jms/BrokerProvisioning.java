package org.junction.adapters.jms;

/**
 * Makes a partner's broker addresses and queues exist, with their dead-letter queues and
 * redelivery policy. Called when a jms route is built for the partner (at start and on every
 * reload), so a partner can send and consume as soon as its routes run: partners themselves may
 * never create anything on the broker.
 */
@FunctionalInterface
public interface BrokerProvisioning {

    /** Idempotent. */
    void provision(String partnerId);

    /** For a broker someone else runs and provisions. */
    BrokerProvisioning NONE = partnerId -> {
    };
}
