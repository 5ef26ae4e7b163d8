package org.junction.security.identity;

import java.util.Set;

/**
 * A person acting in the hub (or an operator's tool acting for one): who, for which organisation,
 * with which roles, and how far they see. Partner systems are not people.
 */
public interface Person {

    String id();

    /** The organisation the person belongs to; what they see is scoped to it unless {@link #hubWide()}. */
    String organisation();

    Set<Role> roles();

    /** Titles held as a decision-maker ("MASH designated lead"); agreements authorise titles. */
    default Set<String> roleTitles() {
        return Set.of();
    }

    /** An explicit grant to see every organisation's flows (the hub team, a hub-wide IG lead). */
    boolean hubWide();

    /** Whether this person may see what the organisation {@code owner} sent or received. */
    default boolean sees(String owner) {
        return hubWide() || (owner != null && owner.equals(organisation()));
    }
}
