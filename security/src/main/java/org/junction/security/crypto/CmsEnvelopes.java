package org.junction.security.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * CMS AuthEnvelopedData (RFC 5083, AES-256-GCM) to one recipient's certificate, for what the hub
 * leaves where a partner, and only that partner, collects it. RSA certificates get RSA-OAEP key
 * transport, EC certificates ECDH key agreement with a fresh ephemeral key. Bouncy Castle does it
 * all: the JDK's provider knows the CMS algorithm identifiers by no name. Referrals are small, so
 * its slower AES costs little here; the hub's own envelopes at rest stay on the JDK provider.
 */
public final class CmsEnvelopes {

    /** The media type a partner sees on what the hub encrypted for it. */
    public static final String MEDIA_TYPE = "application/pkcs7-mime; smime-type=authEnveloped-data";
    private static final Provider BC = new BouncyCastleProvider();

    private CmsEnvelopes() {
    }

    /** Reads a certificate from a PEM or DER file. */
    public static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            throw new CryptoException("cannot read a certificate from " + file.getFileName(), e);
        }
    }

    public static byte[] encrypt(byte[] content, X509Certificate recipient) {
        try {
            var generator = new CMSAuthEnvelopedDataGenerator();
            if (recipient.getPublicKey() instanceof ECPublicKey ec) {
                KeyPairGenerator ephemeral = KeyPairGenerator.getInstance("EC");
                ephemeral.initialize(ec.getParams());
                var pair = ephemeral.generateKeyPair();
                generator.addRecipientInfoGenerator(new JceKeyAgreeRecipientInfoGenerator(
                        CMSAlgorithm.ECDH_SHA256KDF, pair.getPrivate(), pair.getPublic(), CMSAlgorithm.AES256_WRAP)
                        .addRecipient(recipient).setProvider(BC));
            } else {
                var oaep = new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                        new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
                generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient, oaep).setProvider(BC));
            }
            return generator.generate(new CMSProcessableByteArray(content),
                    (org.bouncycastle.operator.OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                            .setProvider(BC).build()).getEncoded();
        } catch (CMSException | IOException | GeneralSecurityException e) {
            throw new CryptoException("cannot encrypt to the recipient's certificate", e);
        }
    }

    /** What a recipient does with its private key: opens an envelope made for its certificate. */
    public static byte[] decrypt(byte[] envelope, PrivateKey key) {
        try {
            var data = new CMSAuthEnvelopedData(envelope);
            RecipientInformation recipient = data.getRecipientInfos().getRecipients().iterator().next();
            var opener = key.getAlgorithm().equals("EC") || key.getAlgorithm().equals("ECDSA")
                    ? new JceKeyAgreeEnvelopedRecipient(key).setProvider(BC)
                    : new JceKeyTransEnvelopedRecipient(key).setProvider(BC);
            return recipient.getContent(opener);
        } catch (CMSException | RuntimeException e) {
            throw new CryptoException("cannot open the envelope with this key", e);
        }
    }
}
