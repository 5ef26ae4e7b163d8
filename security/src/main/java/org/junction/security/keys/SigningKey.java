package org.junction.security.keys;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The hub's signing key and the certificate partners verify its signatures with. Kept in the hub
 * keystore beside the key-encryption keys, so every node signs as the same hub.
 *
 * <p>{@link #toString()} names the certificate only.
 */
public record SigningKey(PrivateKey privateKey, X509Certificate certificate) {

    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
    }

    @Override
    public String toString() {
        return "SigningKey[" + certificate.getSubjectX500Principal().getName() + ", serial "
                + certificate.getSerialNumber().toString(16) + "]";
    }
}
