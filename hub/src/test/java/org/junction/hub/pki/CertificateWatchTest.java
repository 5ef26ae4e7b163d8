package org.junction.hub.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junction.hub.cli.Pki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class CertificateWatchTest {

    private static final char[] PASSWORD = "watch-secret-for-tests".toCharArray();

    @TempDir
    Path dir;

    @Test
    void reportsCertificatesExpiringWithinThirtyDaysAsGaugeAndHealthDetailWhileStayingUp() throws Exception {
        Pki.createCa(dir.resolve("ca.p12"), PASSWORD, "Watch CA", Duration.ofDays(3650));
        Pki.issuePartner(dir.resolve("ca.p12"), PASSWORD, "soon", dir.resolve("certs/soon.p12"), PASSWORD,
                Duration.ofDays(10));
        Pki.issuePartner(dir.resolve("ca.p12"), PASSWORD, "later", dir.resolve("certs/later.p12"), PASSWORD,
                Duration.ofDays(90));
        Path passwordFile = Files.writeString(dir.resolve("pw"), new String(PASSWORD));
        var settings = new CertificateWatchProperties(List.of(
                new CertificateWatchProperties.Watched(dir.resolve("certs/soon.p12"), "file:" + passwordFile),
                new CertificateWatchProperties.Watched(dir.resolve("certs/later.crt"), null),
                new CertificateWatchProperties.Watched(dir.resolve("missing.p12"), "file:" + passwordFile)),
                Duration.ofDays(30), Duration.ofHours(1));
        var registry = new SimpleMeterRegistry();
        var watch = new CertificateWatch(settings, registry, Clock.system(ZoneOffset.UTC));

        watch.refresh();
        Health health = watch.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("watched", 2);
        assertThat(health.getDetails().get("expiring")).isEqualTo(Map.of("soon.p12:soon",
                ((Map<?, ?>) health.getDetails().get("expiring")).get("soon.p12:soon")));
        assertThat(((Map<?, ?>) health.getDetails().get("expiring")).get("soon.p12:soon").toString()).startsWith("expires ");
        assertThat((List<?>) health.getDetails().get("unreadable")).hasSize(1);
        double soon = registry.get("junction.certificate.expiry").tags("file", "soon.p12", "alias", "soon").gauge().value();
        double later = registry.get("junction.certificate.expiry").tags("file", "later.crt", "alias", "0").gauge().value();
        assertThat(soon).isBetween((double) Duration.ofDays(9).toSeconds(), (double) Duration.ofDays(10).toSeconds());
        assertThat(later).isGreaterThan(Duration.ofDays(89).toSeconds());

        var inSixtyDays = new CertificateWatch(settings, new SimpleMeterRegistry(),
                Clock.offset(Clock.systemUTC(), Duration.ofDays(70)));
        inSixtyDays.refresh();
        assertThat(inSixtyDays.expiring()).extracting(Pki.CertificateInfo::alias).containsExactly("soon", "0");
        assertThat(inSixtyDays.health().getDetails().get("expiring").toString()).contains("EXPIRED").contains("expires");
    }
}
