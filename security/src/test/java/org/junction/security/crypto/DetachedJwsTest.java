package org.junction.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DetachedJwsTest {

    private static final byte[] BODY = "{\"ref\":\"Testshire-7\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void rs256Ps256AndEs256VerifyWithTheMatchingPublicKey() throws Exception {
        var rsa = TestCertificates.keyPair("RSA");
        var ec = TestCertificates.keyPair("EC");
        for (String alg : new String[] {"RS256", "PS256"}) {
            String jws = DetachedJws.sign(BODY, rsa.getPrivate(), alg);
            assertThat(jws).contains("..");
            assertThatCode(() -> DetachedJws.verify(jws, BODY, rsa.getPublic())).doesNotThrowAnyException();
        }
        String es = DetachedJws.sign(BODY, ec.getPrivate(), "ES256");
        assertThatCode(() -> DetachedJws.verify(es, BODY, ec.getPublic())).doesNotThrowAnyException();
    }

    @Test
    void aChangedBodyAnotherKeyANoneAlgorithmAndAnEmbeddedPayloadAreRefused() throws Exception {
        var ec = TestCertificates.keyPair("EC");
        String jws = DetachedJws.sign(BODY, ec.getPrivate(), "ES256");
        byte[] changed = BODY.clone();
        changed[3] ^= 0x01;

        assertThatThrownBy(() -> DetachedJws.verify(jws, changed, ec.getPublic()))
                .isInstanceOf(SignatureException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> DetachedJws.verify(jws, BODY, TestCertificates.keyPair("EC").getPublic()))
                .isInstanceOf(SignatureException.class).hasMessageContaining("does not match");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> DetachedJws.verify(none + "..AAAA", BODY, ec.getPublic()))
                .isInstanceOf(SignatureException.class).hasMessageContaining("not accepted");
        String[] parts = jws.split("\\.", -1);
        String attached = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(BODY) + "." + parts[2];
        assertThatThrownBy(() -> DetachedJws.verify(attached, BODY, ec.getPublic()))
                .isInstanceOf(SignatureException.class).hasMessageContaining("detached");
        assertThatThrownBy(() -> DetachedJws.verify(null, BODY, ec.getPublic()))
                .isInstanceOf(SignatureException.class).hasMessage("missing");
    }

    @Test
    void anAlgorithmThatDoesNotFitTheKeyIsRefused() throws Exception {
        var rsa = TestCertificates.keyPair("RSA");
        String jws = DetachedJws.sign(BODY, rsa.getPrivate(), "RS256");

        assertThatThrownBy(() -> DetachedJws.verify(jws, BODY, TestCertificates.keyPair("EC").getPublic()))
                .isInstanceOf(SignatureException.class).hasMessageContaining("does not fit");
    }
}
