package org.junction.adapters.outbound;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.junction.adapters.partner.SecretReferences;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.SettingProblem;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * The options of the http sinks ({@code rest-json}, {@code webhook}, {@code fhir-r4}) that say
 * how the hub authenticates to a partner's API, and what each partner's settings build:
 * <pre>
 * options:
 *   token-endpoint: https://api.service.nhs.uk/oauth2/token   # NHS signed-JWT client assertion
 *   client-id: 3f1c...                                        #   the API key the NHS issued
 *   assertion-key: file:/etc/junction/nhs/gp-north.key        #   PEM PKCS#8 RSA private key (a reference)
 *   key-id: junction-2026-11                                  #   the kid registered with the public key
 *   client-keystore: /etc/junction/tls/to-gp-north.p12        # mutual TLS: the hub's key and certificate
 *   client-keystore-password: env:GP_NORTH_TLS_PASSWORD       #   a reference
 *   trust-store: /etc/junction/tls/gp-north-ca.pem            # the partner's CA (PEM), else the JDK's CAs
 * </pre>
 * Each partner's TLS settings are registered as a Spring Boot SSL bundle named
 * {@code partner-<id>}. Settings are turned into keys and contexts when the partner's route is
 * built, once per partner: every route of the partner shares its token cache.
 */
public class OutboundSecurity {

    public static final String TOKEN_ENDPOINT = "token-endpoint";
    public static final String CLIENT_ID = "client-id";
    public static final String ASSERTION_KEY = "assertion-key";
    public static final String KEY_ID = "key-id";
    public static final String CLIENT_KEYSTORE = "client-keystore";
    public static final String CLIENT_KEYSTORE_PASSWORD = "client-keystore-password";
    public static final String TRUST_STORE = "trust-store";
    public static final Set<String> OPTIONS = Set.of(TOKEN_ENDPOINT, CLIENT_ID, ASSERTION_KEY, KEY_ID,
            CLIENT_KEYSTORE, CLIENT_KEYSTORE_PASSWORD, TRUST_STORE);
    private static final int MINIMUM_RSA_BITS = 2048;

    private final SslBundleRegistry registry;
    private final Duration timeout;
    private final Clock clock;
    private final ConcurrentMap<String, Built> byPartner = new ConcurrentHashMap<>();

    private record Built(Map<String, String> options, PartnerOutbound outbound) {
    }

    /** @param registry where partners' SSL bundles are registered; null to register none (tests, validation only) */
    public OutboundSecurity(SslBundleRegistry registry, Duration timeout, Clock clock) {
        this.registry = registry;
        this.timeout = timeout;
        this.clock = clock;
    }

    public static String bundleName(String partnerId) {
        return "partner-" + partnerId;
    }

    /**
     * What the partner's options build; the same object for every route of the partner until its
     * options change (a reload with other settings builds afresh).
     *
     * @param option reads one option of the partner's sink; null when unset
     */
    public PartnerOutbound forPartner(String partnerId, Function<String, String> option) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String key : OPTIONS) {
            String value = option.apply(key);
            if (value != null) {
                options.put(key, value);
            }
        }
        return byPartner.compute(partnerId, (id, built) -> built != null && built.options().equals(options)
                ? built : new Built(options, build(id, options))).outbound();
    }

    private PartnerOutbound build(String partnerId, Map<String, String> options) {
        SslBundle bundle = null;
        if (options.containsKey(CLIENT_KEYSTORE) || options.containsKey(TRUST_STORE)) {
            bundle = bundle(options);
            if (registry != null) {
                try {
                    registry.updateBundle(bundleName(partnerId), bundle);
                } catch (NoSuchSslBundleException first) {
                    registry.registerBundle(bundleName(partnerId), bundle);
                }
            }
        }
        var context = bundle == null ? null : bundle.createSslContext();
        ClientAssertionTokens tokens = null;
        if (options.containsKey(TOKEN_ENDPOINT)) {
            // The token endpoint is the NHS's (or the partner's identity provider), not the
            // partner's API: it is reached with the JDK's trusted CAs, not the partner's bundle.
            tokens = new ClientAssertionTokens(partnerId, URI.create(options.get(TOKEN_ENDPOINT)), options.get(CLIENT_ID),
                    options.get(KEY_ID), rsaPrivateKey(SecretReferences.resolve(options.get(ASSERTION_KEY))),
                    HttpClient.newBuilder().connectTimeout(timeout).build(), timeout, clock);
        }
        return new PartnerOutbound(context, PartnerOutbound.PROTOCOLS, tokens);
    }

    /** Every problem with the partner's outbound security options; none when it sets none. */
    public static List<SettingProblem> validate(AdapterSettings settings) {
        Map<String, String> options = settings.options();
        List<SettingProblem> problems = new ArrayList<>();
        boolean tokens = options.containsKey(TOKEN_ENDPOINT) || options.containsKey(CLIENT_ID)
                || options.containsKey(ASSERTION_KEY) || options.containsKey(KEY_ID);
        if (tokens) {
            for (String required : List.of(TOKEN_ENDPOINT, CLIENT_ID, ASSERTION_KEY, KEY_ID)) {
                if (!options.containsKey(required)) {
                    problems.add(new SettingProblem("options." + required, "required with a client assertion ("
                            + TOKEN_ENDPOINT + ", " + CLIENT_ID + ", " + ASSERTION_KEY + ", " + KEY_ID + ")"));
                }
            }
            String endpoint = options.get(TOKEN_ENDPOINT);
            if (endpoint != null && !endpoint.matches("https?://\\S+")) {
                problems.add(new SettingProblem("options." + TOKEN_ENDPOINT, "an http or https URL"));
            }
            String key = options.get(ASSERTION_KEY);
            if (key != null) {
                if (!SecretReferences.isReference(key)) {
                    problems.add(new SettingProblem("options." + ASSERTION_KEY,
                            "must be a reference (env:NAME or file:/path), never the key itself"));
                } else {
                    try {
                        rsaPrivateKey(SecretReferences.resolve(key));
                    } catch (IllegalStateException | IllegalArgumentException unusable) {
                        problems.add(new SettingProblem("options." + ASSERTION_KEY, unusable.getMessage()));
                    }
                }
            }
        }
        String keystore = options.get(CLIENT_KEYSTORE);
        String password = options.get(CLIENT_KEYSTORE_PASSWORD);
        if (keystore == null && password != null) {
            problems.add(new SettingProblem("options." + CLIENT_KEYSTORE_PASSWORD, "only with " + CLIENT_KEYSTORE));
        }
        if (keystore != null) {
            if (password == null) {
                problems.add(new SettingProblem("options." + CLIENT_KEYSTORE_PASSWORD, "required with " + CLIENT_KEYSTORE
                        + ": a reference (env:NAME or file:/path)"));
            } else if (!SecretReferences.isReference(password)) {
                problems.add(new SettingProblem("options." + CLIENT_KEYSTORE_PASSWORD,
                        "must be a reference (env:NAME or file:/path), never the password itself"));
            } else {
                try {
                    keyStore(keystore, password);
                } catch (IllegalStateException | IllegalArgumentException unusable) {
                    problems.add(new SettingProblem("options." + CLIENT_KEYSTORE, unusable.getMessage()));
                }
            }
        }
        if (options.containsKey(TRUST_STORE)) {
            try {
                trustStore(options.get(TRUST_STORE));
            } catch (IllegalStateException | IllegalArgumentException unusable) {
                problems.add(new SettingProblem("options." + TRUST_STORE, unusable.getMessage()));
            }
        }
        return problems;
    }

    private static SslBundle bundle(Map<String, String> options) {
        KeyStore keys = null;
        String password = null;
        if (options.containsKey(CLIENT_KEYSTORE)) {
            password = new String(SecretReferences.resolve(options.get(CLIENT_KEYSTORE_PASSWORD)), StandardCharsets.UTF_8);
            keys = keyStore(options.get(CLIENT_KEYSTORE), options.get(CLIENT_KEYSTORE_PASSWORD));
        }
        KeyStore trust = options.containsKey(TRUST_STORE) ? trustStore(options.get(TRUST_STORE)) : null;
        return SslBundle.of(SslStoreBundle.of(keys, password, trust), SslBundleKey.of(password),
                SslOptions.of(null, PartnerOutbound.PROTOCOLS));
    }

    /** A PKCS#12 holding one key with its certificate, not expired. Messages name the setting's file, never a secret. */
    static KeyStore keyStore(String file, String passwordReference) {
        Path path = path(file);
        char[] password = new String(SecretReferences.resolve(passwordReference), StandardCharsets.UTF_8).toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(path)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(path + " is not a PKCS#12 keystore that opens with "
                    + passwordReference);
        }
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.size() != 1) {
                throw new IllegalArgumentException(path + " must hold exactly one key with its certificate (it holds "
                        + keyAliases.size() + ")");
            }
            if (store.getCertificate(keyAliases.get(0)) instanceof X509Certificate certificate) {
                certificate.checkValidity();
            }
        } catch (java.security.cert.CertificateException outOfDate) {
            throw new IllegalArgumentException(path + ": the client certificate is expired or not yet valid");
        } catch (java.security.KeyStoreException e) {
            throw new IllegalArgumentException(path + " cannot be read");
        }
        return store;
    }

    /** The CA certificates of a PEM file, as a trust store. */
    static KeyStore trustStore(String file) {
        Path path = path(file);
        try (InputStream in = Files.newInputStream(path)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(path + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(path + " is not a readable PEM file of CA certificates");
        }
    }

    /** A PEM PKCS#8 RSA private key ({@code -----BEGIN PRIVATE KEY-----}) of at least 2048 bits. */
    static RSAPrivateKey rsaPrivateKey(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("not a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        } catch (IllegalArgumentException notBase64) {
            // Base64's own message quotes the offending character of the key.
            throw new IllegalArgumentException("not a PEM PKCS#8 private key (its body is not Base64)");
        }
        try {
            var key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (key.getModulus().bitLength() < MINIMUM_RSA_BITS) {
                throw new IllegalArgumentException("an RSA key of at least " + MINIMUM_RSA_BITS + " bits is required");
            }
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA private key in PKCS#8");
        }
    }

    private static Path path(String file) {
        return Path.of(file.startsWith("file:") ? file.substring(5) : file);
    }
}
