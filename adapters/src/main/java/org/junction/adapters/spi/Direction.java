package org.junction.adapters.spi;

/** Which way an adapter carries referrals. */
public enum Direction {
    /** Partner to hub: the adapter receives what a partner sends and hands it to intake. */
    SOURCE,
    /** Hub to partner: the adapter renders and sends what the hub has decided to share. */
    SINK;

    /** The suffix of the adapter type's route template: {@code <type>-source}, {@code <type>-sink}. */
    public String suffix() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
