package org.junction.hub.pki;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junction.adapters.partner.SecretReferences;
import org.junction.hub.cli.Pki;
import org.junction.hub.cli.PkiException;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expiry of the watched certificates, as the gauge {@code junction_certificate_expiry_seconds}
 * (tags {@code file}, {@code alias}; negative once expired) and as the {@code certificates} health
 * component. The component stays UP with the expiring ones in its details: an expiring certificate
 * is a warning to act on, and taking the hub out of service would not renew it.
 */
public class CertificateWatch extends AbstractHealthIndicator {

    static final String GAUGE = "junction.certificate.expiry";
    private static final Logger log = LoggerFactory.getLogger(CertificateWatch.class);

    private final CertificateWatchProperties settings;
    private final Clock clock;
    private final MultiGauge gauge;
    private volatile List<Pki.CertificateInfo> certificates = List.of();
    private volatile List<String> unreadable = List.of();

    public CertificateWatch(CertificateWatchProperties settings, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.gauge = MultiGauge.builder(GAUGE).baseUnit("seconds")
                .description("Time until a watched certificate expires; negative once it has")
                .register(registry);
    }

    /** Reads the watched files again and re-registers one gauge row per certificate. */
    public synchronized void refresh() {
        List<Pki.CertificateInfo> found = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (CertificateWatchProperties.Watched watched : settings.watch()) {
            try {
                char[] password = watched.password() == null ? null
                        : new String(SecretReferences.resolve(watched.password()), StandardCharsets.UTF_8).toCharArray();
                found.addAll(Pki.list(watched.path(), password, clock.instant()));
            } catch (PkiException | IllegalStateException e) {
                failed.add(watched.path().toString());
                log.warn("Cannot read watched certificates at {}: {}", watched.path(), e.getMessage());
            }
        }
        certificates = List.copyOf(found);
        unreadable = List.copyOf(failed);
        gauge.register(found.stream().map(c -> MultiGauge.Row.of(
                Tags.of("file", c.file().getFileName().toString(), "alias", c.alias()),
                c, info -> Duration.between(clock.instant(), info.notAfter()).toSeconds())).toList(), true);
    }

    /** Certificates expiring within {@code warnWithin}, or already expired, soonest first. */
    public List<Pki.CertificateInfo> expiring() {
        Instant limit = clock.instant().plus(settings.warnWithin());
        return certificates.stream().filter(c -> c.notAfter().isBefore(limit)).toList();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant now = clock.instant();
        Map<String, Object> warnings = new LinkedHashMap<>();
        for (Pki.CertificateInfo c : expiring()) {
            warnings.put(c.file().getFileName() + ":" + c.alias(),
                    (c.notAfter().isAfter(now) ? "expires " : "EXPIRED ") + c.notAfter());
        }
        builder.up().withDetail("watched", certificates.size()).withDetail("expiring", warnings);
        if (!unreadable.isEmpty()) {
            builder.withDetail("unreadable", unreadable);
        }
    }
}
