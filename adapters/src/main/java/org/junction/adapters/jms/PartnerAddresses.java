package org.junction.adapters.jms;

import java.util.Optional;
import org.junction.adapters.intake.Queues;

/**
 * The broker addresses of partners that talk to the hub's broker directly, named in one place:
 * the jms adapter consumes and sends by them, the broker creates them, and its security manager
 * grants a partner its own two and nothing else. Each address holds one anycast queue of the same
 * name. Partner ids are lower-case letters, digits and hyphens, so they never contain the dot the
 * names are split on, nor a broker wildcard.
 */
public final class PartnerAddresses {

    private static final String PREFIX = "partner.";
    private static final String INBOUND_SUFFIX = ".in";
    private static final String OUTBOUND_SUFFIX = ".out";
    /** Separates address and queue in a fully qualified queue name. */
    private static final String FQQN_SEPARATOR = "::";

    private PartnerAddresses() {
    }

    /** Where the partner sends referrals to the hub. */
    public static String inbound(String partnerId) {
        return PREFIX + partnerId + INBOUND_SUFFIX;
    }

    /** Where the hub puts rendered referrals for the partner to consume. */
    public static String outbound(String partnerId) {
        return PREFIX + partnerId + OUTBOUND_SUFFIX;
    }

    /** Where messages from the partner that can never be accepted go, with a reason code. */
    public static String inboundDeadLetter(String partnerId) {
        return Queues.deadLetter(inbound(partnerId));
    }

    /** Where messages the partner keeps rolling back end up, so they cannot block its queue. */
    public static String outboundDeadLetter(String partnerId) {
        return Queues.deadLetter(outbound(partnerId));
    }

    /** The address part of an address or a fully qualified queue name ({@code address::queue}). */
    public static String addressOf(String addressOrFqqn) {
        int separator = addressOrFqqn.indexOf(FQQN_SEPARATOR);
        return separator < 0 ? addressOrFqqn : addressOrFqqn.substring(0, separator);
    }

    /** The queue part of a fully qualified queue name, or the name itself when it is not one. */
    public static String queueOf(String addressOrFqqn) {
        int separator = addressOrFqqn.indexOf(FQQN_SEPARATOR);
        return separator < 0 ? addressOrFqqn : addressOrFqqn.substring(separator + FQQN_SEPARATOR.length());
    }

    /** The partner whose inbound address this is, if it is one. */
    public static Optional<String> inboundOwner(String address) {
        return owner(address, INBOUND_SUFFIX);
    }

    /** The partner whose outbound address this is, if it is one. */
    public static Optional<String> outboundOwner(String address) {
        return owner(address, OUTBOUND_SUFFIX);
    }

    private static Optional<String> owner(String address, String suffix) {
        if (address == null || !address.startsWith(PREFIX) || !address.endsWith(suffix)) {
            return Optional.empty();
        }
        String id = address.substring(PREFIX.length(), address.length() - suffix.length());
        return id.isEmpty() || id.contains(".") ? Optional.empty() : Optional.of(id);
    }
}
