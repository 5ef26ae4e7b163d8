package org.junction.adapters.partner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Secrets are configured by reference only, never inline: {@code env:NAME} reads an environment
 * variable, {@code file:/path} a file (trailing newline removed). A configuration file may then be
 * shared, reviewed and committed without leaking a credential.
 */
public final class SecretReferences {

    private SecretReferences() {
    }

    public static boolean isReference(String value) {
        return value != null && (value.startsWith("env:") || value.startsWith("file:"));
    }

    /** @throws IllegalStateException naming the reference (never the secret) when it does not resolve */
    public static byte[] resolve(String reference) {
        if (reference.startsWith("env:")) {
            String value = System.getenv(reference.substring(4));
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException("secret " + reference + " is not set");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
        if (reference.startsWith("file:")) {
            try {
                return Files.readString(Path.of(reference.substring(5)), StandardCharsets.UTF_8).strip()
                        .getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("secret " + reference + " cannot be read", e);
            }
        }
        throw new IllegalStateException("a secret must be a reference (env:NAME or file:/path), not a value");
    }
}
