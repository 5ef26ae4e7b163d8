package org.junction.security.sharing;

import java.util.Objects;
import java.util.Set;

/** One permitted flow: partner {@code from} may share with partner {@code to} for these purposes. */
public record SharingRule(String from, String to, Set<String> purposes) {

    public SharingRule {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        purposes = Set.copyOf(purposes);
        if (purposes.isEmpty()) {
            throw new IllegalArgumentException("a sharing rule names at least one purpose");
        }
    }

    public boolean allows(String sender, String purpose) {
        return from.equals(sender) && purposes.contains(purpose);
    }
}
