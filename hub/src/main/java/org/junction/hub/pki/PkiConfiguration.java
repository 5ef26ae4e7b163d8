package org.junction.hub.pki;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Certificate expiry watching: the {@code certificates} health component and its gauge. */
@Configuration(proxyBeanMethods = false)
class PkiConfiguration {

    @Bean
    CertificateWatch certificatesHealthIndicator(CertificateWatchProperties settings, MeterRegistry registry,
                                                 Clock clock) {
        CertificateWatch watch = new CertificateWatch(settings, registry, clock);
        watch.refresh();
        return watch;
    }

    @Bean
    SmartLifecycle certificateWatchRefresher(CertificateWatch watch, CertificateWatchProperties settings) {
        return new SmartLifecycle() {
            private ScheduledExecutorService executor;

            @Override
            public synchronized void start() {
                executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "junction-certificate-watch");
                    thread.setDaemon(true);
                    return thread;
                });
                long every = settings.checkInterval().toMillis();
                executor.scheduleWithFixedDelay(() -> {
                    try {
                        watch.refresh();
                    } catch (RuntimeException e) {
                        // a failed round must not end the schedule; the next one may read the files again
                        LoggerFactory.getLogger(CertificateWatch.class).warn("Certificate watch refresh failed", e);
                    }
                }, every, every, TimeUnit.MILLISECONDS);
            }

            @Override
            public synchronized void stop() {
                if (executor != null) {
                    executor.shutdownNow();
                    executor = null;
                }
            }

            @Override
            public synchronized boolean isRunning() {
                return executor != null;
            }
        };
    }
}
