package org.junction.hub.decisions;

/** The agreement and the override approval of {@link GovernedDecisionsIT}, for tests in other packages. */
public final class GovernedDecisionsITAccess {

    private GovernedDecisionsITAccess() {
    }

    public static String policeHealth() {
        return GovernedDecisionsIT.POLICE_HEALTH;
    }

    public static String approval() {
        return GovernedDecisionsIT.approval();
    }
}
