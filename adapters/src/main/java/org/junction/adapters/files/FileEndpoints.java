package org.junction.adapters.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.LoggingLevel;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.strategy.SftpChangedExclusiveReadLockStrategy;
import org.apache.camel.component.file.strategy.FileChangedExclusiveReadLockStrategy;
import org.junction.adapters.partner.SecretReferences;
import org.junction.adapters.spi.RouteTemplates;

/**
 * Builds the Camel file and SFTP endpoints of one partner's route, in code rather than from a URI
 * string: the password is set on the endpoint's configuration and never appears in an endpoint
 * URI (which Camel lists, logs and exposes over JMX), and every transfer option is fixed here.
 * Routes reach the endpoint through a route-local bean ({@code ref:{{bean}}}), so two partners
 * never share one, and a reload with a new password builds a new one.
 *
 * <p>Nothing is written on the hub's disk: files are read into memory (no local work directory,
 * no temp files), read locks use no marker files, and no idempotent repository is kept on disk.
 */
final class FileEndpoints {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** A file whose size and time have not changed for this long is taken as completely written. */
    static final Duration STABLE_FOR = Duration.ofSeconds(1);
    static final Duration READ_LOCK_TIMEOUT = Duration.ofSeconds(20);
    /**
     * Names that upload tools give a file while it is being written (hidden files, starting with a
     * dot, Camel skips anyway): never taken, whatever their size and age.
     */
    static final String IN_PROGRESS_NAMES = ".*\\.(part|tmp|filepart|partial)$";

    private FileEndpoints() {
    }

    /** Where the hub uploads a partner's files. */
    static Endpoint sftpProducer(RouteTemplateContext rtc) {
        Map<String, Object> options = sftpOptions(rtc);
        // Written under a name the partner does not collect and renamed when complete, so the
        // partner never reads half a file.
        options.put("tempFileName", "${file:onlyname}.part");
        options.put("fileExist", "Override");
        // The partner's inbox must exist: a mistyped directory should fail, not be created.
        options.put("autoCreate", false);
        // Retries belong to the deliver route, with its backoff and dead letters.
        options.put("maximumReconnectAttempts", 0);
        return sftp(rtc, options);
    }

    /** A polling SFTP consumer; {@code polling} adds the schedule. */
    static Endpoint sftpConsumer(RouteTemplateContext rtc, Map<String, Object> polling) {
        Map<String, Object> options = sftpOptions(rtc);
        options.putAll(polling);
        options.put("autoCreate", false);
        options.put("maximumReconnectAttempts", 0);
        options.put("streamDownload", false);
        options.put("exclude", IN_PROGRESS_NAMES);
        options.put("processStrategy", new IntakeFileStrategy(rtc.getCamelContext(), sftpReadLock()));
        return sftp(rtc, options);
    }

    /** A polling consumer of a directory on the hub's own disk (a file drop). */
    static Endpoint fileConsumer(RouteTemplateContext rtc, Map<String, Object> polling) {
        Map<String, Object> options = new HashMap<>(polling);
        options.put("exclude", IN_PROGRESS_NAMES);
        options.put("processStrategy", new IntakeFileStrategy(rtc.getCamelContext(), fileReadLock()));
        return create(rtc.getCamelContext(), "file", endpoint(rtc), options);
    }

    /** Polling every {@code delay}. */
    static Map<String, Object> every(Duration delay) {
        Map<String, Object> polling = new HashMap<>();
        polling.put("delay", delay.toMillis());
        polling.put("initialDelay", Math.min(delay.toMillis(), 1000L));
        return polling;
    }

    /** Polling on a Spring cron expression. */
    static Map<String, Object> cron(String expression) {
        Map<String, Object> polling = new HashMap<>();
        polling.put("scheduler", "spring");
        polling.put("scheduler.cron", expression);
        return polling;
    }

    private static Endpoint sftp(RouteTemplateContext rtc, Map<String, Object> options) {
        CamelContext camel = rtc.getCamelContext();
        String password = new String(SecretReferences.resolve(parameter(rtc, RouteTemplates.CREDENTIALS, null)),
                StandardCharsets.UTF_8);
        SftpEndpoint endpoint = (SftpEndpoint) create(camel, "sftp", endpoint(rtc), options);
        endpoint.getConfiguration().setPassword(password);
        return endpoint;
    }

    private static Endpoint create(CamelContext camel, String component, String uri, Map<String, Object> options) {
        try {
            return camel.getComponent(component).createEndpoint(uri, options);
        } catch (Exception e) {
            throw new IllegalStateException("the " + component + " endpoint cannot be built ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static Map<String, Object> sftpOptions(RouteTemplateContext rtc) {
        Map<String, Object> options = new HashMap<>();
        options.put("username", parameter(rtc, FileSettings.USERNAME, null));
        String strict = parameter(rtc, FileSettings.STRICT_HOST_KEY_CHECKING, "yes");
        options.put("strictHostKeyChecking", strict);
        // Only the configured file decides which host keys are trusted, never ~/.ssh of the
        // account the hub runs under, and nothing is ever added to a known_hosts file.
        options.put("useUserKnownHostsFile", false);
        options.put("autoCreateKnownHostsFile", false);
        String knownHosts = parameter(rtc, FileSettings.KNOWN_HOSTS, null);
        if (knownHosts != null) {
            try {
                // Read now: a missing file fails the reload that names it, not every transfer.
                options.put("knownHosts", Files.readAllBytes(Path.of(knownHosts)));
            } catch (IOException e) {
                throw new UncheckedIOException(FileSettings.KNOWN_HOSTS + " file cannot be read", e);
            }
        }
        options.put("connectTimeout", (int) CONNECT_TIMEOUT.toMillis());
        options.put("timeout", (int) READ_TIMEOUT.toMillis());
        options.put("serverMessageLoggingLevel", LoggingLevel.DEBUG);
        return options;
    }

    @SuppressWarnings("rawtypes")
    private static GenericFileExclusiveReadLockStrategy sftpReadLock() {
        var readLock = new SftpChangedExclusiveReadLockStrategy();
        readLock.setCheckInterval(STABLE_FOR.toMillis());
        readLock.setTimeout(READ_LOCK_TIMEOUT.toMillis());
        return readLock;
    }

    @SuppressWarnings("rawtypes")
    private static GenericFileExclusiveReadLockStrategy fileReadLock() {
        var readLock = new FileChangedExclusiveReadLockStrategy();
        readLock.setCheckInterval(STABLE_FOR.toMillis());
        readLock.setTimeout(READ_LOCK_TIMEOUT.toMillis());
        // A marker file is a write to the drop directory; the changed check needs none.
        readLock.setMarkerFiler(false);
        readLock.setDeleteOrphanLockFiles(false);
        return readLock;
    }

    private static String endpoint(RouteTemplateContext rtc) {
        return parameter(rtc, RouteTemplates.ENDPOINT, null);
    }

    static String parameter(RouteTemplateContext rtc, String key, String fallback) {
        return FileSettings.parameter(rtc.getParameters(), key, fallback);
    }
}
