package org.junction.adapters.restjson;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.partner.PartnerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a partner system by the TLS client certificate it presented (mutual TLS), before
 * any API key is looked at. The certificate chain was verified against the hub's trust store during
 * the handshake; this filter decides which partner, if any, the leaf certificate stands for, by its
 * SHA-256 fingerprint listed in the partner file.
 * <ul>
 *   <li>no certificate: nothing happens here (an API key may still authenticate, where allowed);</li>
 *   <li>a certificate no partner lists, or one expired or not yet valid (listed or not): 401,
 *       whatever else the request carries;</li>
 *   <li>partner A's certificate with an API key that is not A's, or naming another partner in
 *       {@value SenderClaimFilter#HEADER}: 403, since the caller is known and claims to be someone else.</li>
 * </ul>
 */
public class ClientCertificateAuthenticationFilter extends OncePerRequestFilter {

    /** Where servlet containers put the verified client certificate chain, leaf first. */
    public static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateAuthenticationFilter.class);

    private final Supplier<PartnerDirectory> partners;
    private final AuthenticationEntryPoint unauthenticated;
    private final AccessDeniedHandler denied;

    /** @param partners the partners in force now: a reload may add, remove or rotate a certificate between requests */
    public ClientCertificateAuthenticationFilter(Supplier<PartnerDirectory> partners,
                                                 AuthenticationEntryPoint unauthenticated, AccessDeniedHandler denied) {
        this.partners = partners;
        this.unauthenticated = unauthenticated;
        this.denied = denied;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(request.getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] certificates)
                || certificates.length == 0) {
            chain.doFilter(request, response);
            return;
        }
        PartnerDirectory directory = partners.get();
        String fingerprint = fingerprint(certificates[0]);
        try {
            // The handshake's trust manager checks dates too, but not every deployment ends TLS in
            // this JVM (a proxy may pass the certificate on), and a fingerprint left listed after a
            // rotation must not outlive its certificate.
            certificates[0].checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException outOfDate) {
            LOG.warn("client certificate sha256={} is expired or not yet valid: refused", fingerprint);
            SecurityContextHolder.clearContext();
            unauthenticated.commence(request, response, new BadCredentialsException("client certificate out of date"));
            return;
        }
        Optional<Partner> partner = directory.authenticateCertificate(fingerprint);
        if (partner.isEmpty()) {
            // A fingerprint identifies a certificate, not a person: an admin needs it to tell which one was refused.
            LOG.warn("client certificate sha256={} is listed for no partner: refused", fingerprint);
            SecurityContextHolder.clearContext();
            unauthenticated.commence(request, response, new BadCredentialsException("unknown client certificate"));
            return;
        }
        String id = partner.get().id();
        String key = request.getHeader(ApiKeyAuthenticationFilter.HEADER);
        if (key != null && !directory.authenticate(key).map(p -> p.id().equals(id)).orElse(false)) {
            LOG.warn("partner {} presented its client certificate with an API key that is not its own: refused", id);
            denied.handle(request, response, new AccessDeniedException("certificate and API key name different callers"));
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new PartnerAuthentication(partner.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }

    /** Lower-case hex SHA-256 of the certificate's DER encoding, as {@code openssl x509 -fingerprint -sha256} prints it (without colons). */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a client certificate", e);
        }
    }
}
