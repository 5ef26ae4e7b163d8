package org.junction.hub.broker;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The hub's own broker login (Camel routes, the outbox relay): a password drawn afresh at every
 * start and never written anywhere, accepted only on the in-VM connection. The name cannot be a
 * partner id (those have no underscore), so no partner file can claim it.
 */
record InternalBrokerUser(String username, String password) {

    static final String USERNAME = "_junction_hub";

    static InternalBrokerUser generate() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new InternalBrokerUser(USERNAME, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    boolean matches(String user, String presented) {
        return USERNAME.equals(user) && presented != null && MessageDigest.isEqual(
                password.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "InternalBrokerUser[" + username + "]";
    }
}
