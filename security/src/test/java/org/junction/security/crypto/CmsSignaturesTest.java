package org.junction.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junction.security.keys.SigningKey;
import org.junit.jupiter.api.Test;

class CmsSignaturesTest {

    private static final byte[] CONTENT = "{\"ref\":\"Testshire-42\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void ecAndRsaSignaturesVerifyWithTheSignersCertificateAndGiveBackTheContent() throws Exception {
        for (String algorithm : new String[] {"EC", "RSA"}) {
            SigningKey key = TestCertificates.signingKey(algorithm);

            byte[] signed = CmsSignatures.sign(CONTENT, key);

            assertThat(CmsSignatures.verify(signed, key.certificate())).isEqualTo(CONTENT);
        }
    }

    @Test
    void anotherSignerATamperedByteAndNonCmsAreRefusedWithTheirReason() throws Exception {
        SigningKey key = TestCertificates.signingKey("EC");
        byte[] signed = CmsSignatures.sign(CONTENT, key);

        assertThatThrownBy(() -> CmsSignatures.verify(signed, TestCertificates.signingKey("EC").certificate()))
                .isInstanceOf(SignatureException.class).hasMessageContaining("another key");
        int at = indexOf(signed, CONTENT) + 3;
        byte[] tampered = signed.clone();
        tampered[at] ^= 0x01;
        assertThatThrownBy(() -> CmsSignatures.verify(tampered, key.certificate()))
                .isInstanceOf(SignatureException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> CmsSignatures.verify(CONTENT, key.certificate()))
                .isInstanceOf(SignatureException.class).hasMessageContaining("not CMS SignedData");
    }

    @Test
    void signedThenEncryptedOpensForTheRecipientAndStillVerifies() throws Exception {
        SigningKey hub = TestCertificates.signingKey("EC");
        var partner = TestCertificates.keyPair("RSA");
        var partnerCertificate = TestCertificates.certificate(partner, 0, -1, 30);

        byte[] envelope = CmsEnvelopes.encrypt(CmsSignatures.sign(CONTENT, hub), partnerCertificate);

        byte[] opened = CmsEnvelopes.decrypt(envelope, partner.getPrivate());
        assertThat(CmsSignatures.verify(opened, hub.certificate())).isEqualTo(CONTENT);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("content not found");
    }
}
