package org.junction.adapters.outbound;

import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The connections of one partner's http sink (camel-http, Apache HttpClient 5): TLS with the
 * partner's bundle, when it has one, and TLS 1.2 at least whatever the JDK would allow.
 */
public final class PartnerHttpConnections {

    private PartnerHttpConnections() {
    }

    public static HttpClientConnectionManager of(PartnerOutbound outbound, Duration connectTimeout,
                                                 Duration socketTimeout) {
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(outbound.sslContextOrDefault())
                        .setTlsVersions(outbound.protocols())
                        .buildClassic())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(socketTimeout))
                        .build())
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(20)
                .build();
    }
}
