package org.junction.hub.support;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.junction.hub.HubProperties;
import org.junction.hub.cli.KeysCommands;
import org.junction.hub.keys.KeyProperties;
import org.junction.hub.keys.KeyRingFactory;
import org.junction.security.crypto.CmsEnvelopes;

/** The hub signing certificate as a partner gets it: exported by {@code junction keys signing-certificate}. */
public final class HubSigningCertificate {

    private HubSigningCertificate() {
    }

    public static X509Certificate export(KeyProperties keys, HubProperties hub, Path pem) {
        new KeysCommands(KeyRingFactory.keystorePath(keys, hub.dataDir()), KeyRingFactory.password(keys, hub.dataDir()),
                keys.activeKekId(), keys.activePseudonymKeyId(), null, null, Clock.systemUTC(),
                new PrintStream(OutputStream.nullOutputStream())).exportSigningCertificate(pem);
        return CmsEnvelopes.readCertificate(pem);
    }
}
