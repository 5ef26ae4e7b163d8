package org.junction.security.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junction.security.keys.SigningKey;

/**
 * CMS SignedData (RFC 5652) with the content attached: what the hub signs for a partner before
 * encrypting to it, and what a partner configured to sign sends to the hub. SHA-256 with RSA or
 * ECDSA, chosen by the key.
 *
 * <p>Verification trusts one certificate, the one configured for the partner, and nothing the
 * message carries: a SignedData signed by anyone else is rejected even if it brings a valid chain.
 */
public final class CmsSignatures {

    /** The media type of an attached SignedData. */
    public static final String MEDIA_TYPE = "application/pkcs7-mime; smime-type=signed-data";
    private static final Provider BC = new BouncyCastleProvider();

    private CmsSignatures() {
    }

    public static byte[] sign(byte[] content, SigningKey key) {
        try {
            String algorithm = switch (key.privateKey().getAlgorithm()) {
                case "EC", "ECDSA" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                default -> throw new CryptoException("cannot sign with a " + key.privateKey().getAlgorithm() + " key");
            };
            var signer = new JcaContentSignerBuilder(algorithm).setProvider(BC).build(key.privateKey());
            var generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build()).build(signer, key.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
            return generator.generate(new CMSProcessableByteArray(content), true).getEncoded();
        } catch (CMSException | IOException | OperatorCreationException | CertificateEncodingException e) {
            throw new CryptoException("cannot sign: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Checks that {@code signedData} carries its content and exactly one signature, made by the key
     * of {@code signer}, and returns the content.
     *
     * @throws SignatureException naming the reason (not SignedData, no content, wrong signer, bad
     *     signature), never the content
     */
    public static byte[] verify(byte[] signedData, X509Certificate signer) {
        CMSSignedData data;
        try {
            data = new CMSSignedData(signedData);
        } catch (CMSException | RuntimeException e) {
            throw new SignatureException("the body is not CMS SignedData");
        }
        if (data.getSignedContent() == null) {
            throw new SignatureException("the SignedData carries no content (detached signatures are not accepted)");
        }
        var signers = data.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new SignatureException("expected one signer, found " + signers.size());
        }
        SignerInformation info = signers.iterator().next();
        try {
            if (!info.getSID().match(new X509CertificateHolder(signer.getEncoded()))) {
                throw new SignatureException("signed by another key than the partner's configured certificate");
            }
            boolean valid = info.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(signer));
            if (!valid) {
                throw new SignatureException("the signature does not match the content");
            }
        } catch (CMSException e) {
            throw new SignatureException("the signature does not match the content");
        } catch (OperatorCreationException | IOException | GeneralSecurityException e) {
            throw new SignatureException("the signature cannot be checked: " + e.getClass().getSimpleName());
        }
        return (byte[]) data.getSignedContent().getContent();
    }
}
