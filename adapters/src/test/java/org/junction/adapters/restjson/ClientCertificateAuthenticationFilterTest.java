package org.junction.adapters.restjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junction.adapters.partner.PartnerDirectory;
import org.junction.adapters.partner.PartnerKind;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.adapters.spi.AdapterSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

class ClientCertificateAuthenticationFilterTest {

    private final Instant now = Instant.now();
    private final X509Certificate current = certificate(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    private final X509Certificate expired = certificate(now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1)));
    private final X509Certificate notYetValid = certificate(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(60)));
    private final PartnerDirectory directory = new PartnerDirectory(List.of(new PartnerSettings("police-a", "Police A",
            PartnerKind.POLICE, null, List.of(new AdapterSettings("rest-json", null, "police-referral-json-v1", null, null)),
            null, null, List.of(ClientCertificateAuthenticationFilter.fingerprint(current),
                    ClientCertificateAuthenticationFilter.fingerprint(expired)))));

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void listedCurrentCertificateAuthenticatesItsPartner() throws Exception {
        assertThat(filter(current)).isEqualTo(200);
    }

    @Test
    void expiredCertificateIsUnauthenticatedThoughItsFingerprintIsListed() throws Exception {
        assertThat(filter(expired)).isEqualTo(401);
    }

    @Test
    void certificateNotYetValidIsUnauthenticated() throws Exception {
        var withFuture = new PartnerDirectory(List.of(new PartnerSettings("police-b", "Police B", PartnerKind.POLICE,
                null, List.of(), new AdapterSettings("webhook", "https://b.example", "x", "env:X", null), null,
                List.of(ClientCertificateAuthenticationFilter.fingerprint(notYetValid)))));
        assertThat(filter(notYetValid, withFuture)).isEqualTo(401);
    }

    private int filter(X509Certificate presented) throws Exception {
        return filter(presented, directory);
    }

    /** @return 401 when the filter refused, else 200 when the chain went on with the partner authenticated */
    private int filter(X509Certificate presented, PartnerDirectory partners) throws Exception {
        var request = new MockHttpServletRequest("POST", "/api/v1/referrals");
        request.setAttribute(ClientCertificateAuthenticationFilter.CERTIFICATE_ATTRIBUTE, new X509Certificate[] {presented});
        var response = new MockHttpServletResponse();
        AtomicReference<Authentication> seen = new AtomicReference<>();
        var filter = new ClientCertificateAuthenticationFilter(() -> partners,
                (req, res, failure) -> res.setStatus(401), (req, res, failure) -> res.setStatus(403));
        filter.doFilter(request, response, (req, res) -> seen.set(SecurityContextHolder.getContext().getAuthentication()));
        if (response.getStatus() == 200) {
            assertThat(seen.get()).isInstanceOf(PartnerAuthentication.class);
        } else {
            assertThat(seen.get()).isNull();
        }
        return response.getStatus();
    }

    private static X509Certificate certificate(Instant notBefore, Instant notAfter) {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            var keys = generator.generateKeyPair();
            var name = new X500Name("CN=test-partner-system");
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
                    Date.from(notBefore), Date.from(notAfter), name, keys.getPublic());
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
