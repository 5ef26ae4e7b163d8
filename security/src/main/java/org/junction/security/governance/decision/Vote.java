package org.junction.security.governance.decision;

import java.util.Objects;

/**
 * One voter's say on a disclosure. Votes combine REJECT-wins; without an AUTHORIZE nothing is sent.
 *
 * @param basis the footing an AUTHORIZE gives; null otherwise
 */
public record Vote(String voter, Kind kind, String reasonCode, BasisKind basis) {

    public enum Kind {
        /** This voter allows the disclosure on its basis. */
        AUTHORIZE,
        /** This voter has nothing to say. */
        ABSTAIN,
        /** A human must decide before anything is sent (unless another voter authorises). */
        HOLD,
        /** The disclosure must not happen, whatever other voters say. */
        REJECT
    }

    public Vote {
        Objects.requireNonNull(voter, "voter");
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.AUTHORIZE) != (basis != null)) {
            throw new IllegalArgumentException("an AUTHORIZE vote, and only one, names its basis");
        }
    }

    static Vote authorize(String voter, String reason, BasisKind basis) {
        return new Vote(voter, Kind.AUTHORIZE, reason, basis);
    }

    static Vote abstain(String voter, String reason) {
        return new Vote(voter, Kind.ABSTAIN, reason, null);
    }

    static Vote hold(String voter, String reason) {
        return new Vote(voter, Kind.HOLD, reason, null);
    }

    static Vote reject(String voter, String reason) {
        return new Vote(voter, Kind.REJECT, reason, null);
    }
}
