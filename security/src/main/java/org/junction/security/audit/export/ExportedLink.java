package org.junction.security.audit.export;

import java.util.Objects;
import org.junction.security.audit.SealedEventContent;

/** One sealed ledger event with its chain position and link hash, as exported. */
public record ExportedLink(long seq, String hash, SealedEventContent event) {

    public ExportedLink {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(event, "event");
    }
}
