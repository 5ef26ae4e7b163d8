package org.junction.security.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;

/**
 * Checks a partner's certificate file before the configuration that names it is accepted, so a
 * wrong file fails the reload with the setting named instead of every delivery or every request.
 */
public final class PartnerCertificates {

    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_AGREEMENT = 4;

    /** What the certificate is to be used for. */
    public enum Use { ENCRYPTION, SIGNATURE }

    private PartnerCertificates() {
    }

    /** Why the file cannot serve {@code use}, or empty when it can. */
    public static Optional<String> problem(String file, Use use, Clock clock) {
        if (file == null || file.isBlank()) {
            return Optional.of("required: the path of the partner's certificate (PEM or DER)");
        }
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            return Optional.of("not a readable file");
        }
        X509Certificate certificate;
        try {
            certificate = CmsEnvelopes.readCertificate(path);
        } catch (CryptoException e) {
            return Optional.of("not a readable certificate file (PEM or DER)");
        }
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return Optional.of("the certificate is expired or not yet valid");
        }
        String algorithm = certificate.getPublicKey().getAlgorithm();
        boolean rsa = algorithm.equals("RSA");
        if (!rsa && !algorithm.equals("EC")) {
            return Optional.of("the certificate's key is " + algorithm + "; RSA or EC is needed");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage == null) {
            return Optional.empty();
        }
        if (use == Use.ENCRYPTION) {
            int needed = rsa ? KEY_ENCIPHERMENT : KEY_AGREEMENT;
            return usage.length > needed && usage[needed] ? Optional.empty()
                    : Optional.of("the certificate's key usage does not allow encryption ("
                    + (rsa ? "keyEncipherment" : "keyAgreement") + " needed)");
        }
        return usage.length > DIGITAL_SIGNATURE && usage[DIGITAL_SIGNATURE] ? Optional.empty()
                : Optional.of("the certificate's key usage does not allow signatures (digitalSignature needed)");
    }
}
