package org.junction.adapters.protection;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.SettingProblem;
import org.junction.security.crypto.CmsEnvelopes;
import org.junction.security.crypto.CmsSignatures;
import org.junction.security.crypto.DetachedJws;
import org.junction.security.crypto.PartnerCertificates;
import org.junction.security.crypto.SignatureException;

/**
 * Signatures a source partner puts on what it sends, checked before anything is stored, with the
 * partner's certificate from its configuration (never one the message brings along).
 *
 * <p>Source options: {@code signature: cms} (the body is CMS SignedData with the content attached;
 * the content is what gets mapped) or {@code signature: jws} (the body as usual, with a detached
 * JWS over it in the {@value #JWS_HEADER} header, see {@link DetachedJws}), and
 * {@code signer-certificate} (the partner's certificate file, checked when the configuration loads).
 */
public final class InboundSignatures {

    public static final String SIGNATURE = "signature";
    public static final String SIGNER_CERTIFICATE = "signer-certificate";
    public static final Set<String> OPTIONS = Set.of(SIGNATURE, SIGNER_CERTIFICATE);
    public static final String JWS_HEADER = "X-JWS-Signature";
    /** How a CMS-signed body is labelled. */
    public static final String CMS_MEDIA_TYPE = "application/pkcs7-mime";

    /** What a partner signs with. */
    public enum Kind { CMS, JWS }

    private InboundSignatures() {
    }

    /** Problems with the signature options of a partner's adapter settings. */
    public static List<SettingProblem> check(Direction direction, AdapterSettings settings, Clock clock) {
        List<SettingProblem> problems = new ArrayList<>();
        String kind = settings.options().get(SIGNATURE);
        String certificate = settings.options().get(SIGNER_CERTIFICATE);
        if (direction == Direction.SINK) {
            OPTIONS.stream().filter(settings.options()::containsKey).sorted().forEach(key ->
                    problems.add(new SettingProblem("options." + key, "only a source's signatures are checked")));
            return problems;
        }
        if (kind == null) {
            if (certificate != null) {
                problems.add(new SettingProblem("options." + SIGNER_CERTIFICATE, "set options.signature (cms or jws) too"));
            }
            return problems;
        }
        if (!kind.equals("cms") && !kind.equals("jws")) {
            problems.add(new SettingProblem("options." + SIGNATURE, "cms or jws"));
        }
        PartnerCertificates.problem(certificate, PartnerCertificates.Use.SIGNATURE, clock)
                .ifPresent(p -> problems.add(new SettingProblem("options." + SIGNER_CERTIFICATE, p)));
        return problems;
    }

    /**
     * Checks what {@code sender} sent over a source of {@code type} and returns what is to be mapped:
     * the body itself, or the content of a CMS SignedData.
     *
     * @param bodyIsCms whether the request said its body is CMS ({@value #CMS_MEDIA_TYPE})
     * @param jws       the {@value #JWS_HEADER} header, or null
     * @throws SignatureException naming the reason when a required signature is missing or bad, or
     *     a partner not set up to sign sends CMS
     */
    public static byte[] verify(Partner sender, String type, byte[] body, boolean bodyIsCms, String jws) {
        Optional<AdapterSettings> source = source(sender, type);
        if (source.isEmpty()) {
            if (bodyIsCms) {
                throw new SignatureException("this partner is not set up to send signed CMS");
            }
            return body;
        }
        return of(source.get().options().get(SIGNATURE), source.get().options().get(SIGNER_CERTIFICATE))
                .verify(body, bodyIsCms, jws);
    }

    /** The signature a source's options require, or null when they require none. */
    public static Required of(String signature, String signerCertificate) {
        return signature == null ? null
                : new Required(Kind.valueOf(signature.toUpperCase(Locale.ROOT)), signerCertificate);
    }

    /** A signature a source requires, checked against the partner's configured certificate. */
    public record Required(Kind kind, String signerCertificate) {

        /**
         * @return what is to be mapped: the body itself, or the content of a CMS SignedData
         * @throws SignatureException naming the reason
         */
        public byte[] verify(byte[] body, boolean bodyIsCms, String jws) {
            X509Certificate certificate = CmsEnvelopes.readCertificate(Path.of(signerCertificate));
            if (kind == Kind.CMS) {
                if (!bodyIsCms) {
                    throw new SignatureException("missing: the body must be CMS SignedData (" + CMS_MEDIA_TYPE + ")");
                }
                return CmsSignatures.verify(body, certificate);
            }
            if (bodyIsCms) {
                throw new SignatureException("this partner signs with a detached JWS; the body is not CMS");
            }
            if (jws == null || jws.isBlank()) {
                throw new SignatureException("missing: no " + JWS_HEADER + " header");
            }
            DetachedJws.verify(jws, body, certificate.getPublicKey());
            return body;
        }
    }

    private static Optional<AdapterSettings> source(Partner sender, String type) {
        return sender.sources().stream()
                .filter(s -> s.type().equals(type) && s.options().containsKey(SIGNATURE))
                .findFirst();
    }
}
