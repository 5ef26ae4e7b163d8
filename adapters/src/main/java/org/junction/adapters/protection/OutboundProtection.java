package org.junction.adapters.protection;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.RouteTemplateContext;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.SettingProblem;
import org.junction.security.crypto.CmsEnvelopes;
import org.junction.security.crypto.CmsSignatures;
import org.junction.security.crypto.PartnerCertificates;
import org.junction.security.keys.SigningKey;

/**
 * End-to-end protection of what a sink hands to a partner, the same for every non-FHIR sink type:
 * the rendered, already minimised bytes are optionally signed with the hub's signing key (CMS
 * SignedData, content attached) and then, when the partner gave a certificate, encrypted to it
 * (CMS AuthEnvelopedData). Transport security ends at the partner's edge; this lasts until the
 * partner's own system opens it, whatever queue, file share or gateway it passes through.
 *
 * <p>Sink options: {@code recipient-certificate} (the partner's certificate file, checked when the
 * configuration loads) and {@code sign} ({@code true} or {@code false}). FHIR sinks are not
 * covered: a FHIR server receives FHIR resources, not CMS.
 */
public final class OutboundProtection {

    public static final String RECIPIENT_CERTIFICATE = "recipient-certificate";
    public static final String SIGN = "sign";
    public static final Set<String> OPTIONS = Set.of(RECIPIENT_CERTIFICATE, SIGN);
    /** What a file carrying CMS is named with, after the rendering's own suffix. */
    public static final String FILE_SUFFIX = ".p7m";

    /** For adapters built without the hub's keys (tests, tools): encryption works, signing is refused. */
    public static final OutboundProtection WITHOUT_SIGNING_KEY = new OutboundProtection(Optional::empty, Clock.systemUTC());

    private final Supplier<Optional<SigningKey>> signingKey;
    private final Clock clock;

    public OutboundProtection(Supplier<Optional<SigningKey>> signingKey, Clock clock) {
        this.signingKey = signingKey;
        this.clock = clock;
    }

    /** Problems with the protection options of a partner's adapter settings. */
    public List<SettingProblem> check(Direction direction, AdapterSettings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        if (direction == Direction.SOURCE) {
            OPTIONS.stream().filter(settings.options()::containsKey).sorted().forEach(key ->
                    problems.add(new SettingProblem("options." + key, "only a sink signs or encrypts for the partner")));
            return problems;
        }
        String certificate = settings.options().get(RECIPIENT_CERTIFICATE);
        if (settings.options().containsKey(RECIPIENT_CERTIFICATE)) {
            PartnerCertificates.problem(certificate, PartnerCertificates.Use.ENCRYPTION, clock)
                    .ifPresent(p -> problems.add(new SettingProblem("options." + RECIPIENT_CERTIFICATE, p)));
        }
        String sign = settings.options().get(SIGN);
        if (sign != null) {
            if (!sign.equals("true") && !sign.equals("false")) {
                problems.add(new SettingProblem("options." + SIGN, "true or false"));
            } else if (sign.equals("true") && signingKey.get().isEmpty()) {
                problems.add(new SettingProblem("options." + SIGN,
                        "the hub has no signing key: run `junction keys create-signing-key`"));
            }
        }
        return problems;
    }

    /** The protection of one sink route, from its options (template parameters). */
    public Protector forRoute(RouteTemplateContext rtc) {
        return protector(rtc.getProperty(RECIPIENT_CERTIFICATE, String.class),
                "true".equals(rtc.getProperty(SIGN, String.class)));
    }

    /**
     * @param certificateFile the partner's certificate, or null to leave the content unencrypted
     * @param sign            whether to sign with the hub's signing key first
     */
    public Protector protector(String certificateFile, boolean sign) {
        X509Certificate recipient = certificateFile == null ? null : CmsEnvelopes.readCertificate(Path.of(certificateFile));
        SigningKey key = null;
        if (sign) {
            key = signingKey.get().orElseThrow(() -> new IllegalStateException(
                    "option sign: the hub has no signing key in its keystore"));
        }
        return new Protector(recipient, key);
    }

    /** What a sink sends: the bytes, and the media type to label them with. */
    public record Protected(byte[] body, String mediaType) {
    }

    /** Applies one partner's protection; immutable, shared by the route's concurrent deliveries. */
    public static final class Protector {

        public static final Protector NONE = new Protector(null, null);

        private final X509Certificate recipient;
        private final SigningKey signingKey;

        Protector(X509Certificate recipient, SigningKey signingKey) {
            this.recipient = recipient;
            this.signingKey = signingKey;
        }

        /** Whether the partner gets CMS rather than the rendering itself. */
        public boolean active() {
            return recipient != null || signingKey != null;
        }

        public Protected apply(byte[] rendered, String renderedMediaType) {
            byte[] body = rendered;
            String mediaType = renderedMediaType;
            if (signingKey != null) {
                body = CmsSignatures.sign(body, signingKey);
                mediaType = CmsSignatures.MEDIA_TYPE;
            }
            if (recipient != null) {
                body = CmsEnvelopes.encrypt(body, recipient);
                mediaType = CmsEnvelopes.MEDIA_TYPE;
            }
            return new Protected(body, mediaType);
        }

        /** The file name for a rendering named {@code name}: with {@value #FILE_SUFFIX} when it is CMS. */
        public String fileName(String name) {
            return active() ? name + FILE_SUFFIX : name;
        }
    }
}
