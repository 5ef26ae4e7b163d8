package org.junction.console.web;

/** Where the console's pages live; the hub's security chain for people's browsers covers {@link #ROOT}. */
public final class ConsolePaths {

    public static final String ROOT = "/console";
    public static final String LOGIN = ROOT + "/login";
    public static final String LOGOUT = ROOT + "/logout";
    /** Where single sign-on that did not sign the person in ends, offering the password sign-in. */
    public static final String SIGN_IN_FAILED = ROOT + "/sign-in-failed";
    /** The console's own styles and scripts (GOV.UK Frontend and htmx come from /webjars). */
    public static final String ASSETS = ROOT + "/assets";

    private ConsolePaths() {
    }
}
