package org.junction.adapters.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.junction.adapters.outbound.OutboundSecurity;
import org.junction.adapters.outbound.PartnerHttpConnections;
import org.junction.adapters.outbound.PartnerOutbound;
import org.junction.adapters.partner.SecretReferences;
import org.junction.adapters.protection.OutboundProtection;
import org.junction.adapters.restjson.HttpSink;
import org.junction.adapters.spi.AdapterRoutes;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.adapters.spi.SettingProblem;
import org.junction.mappings.MapperRegistry;

/**
 * {@code webhook}: volunteer platforms. The hub renders the referral in the partner's format and
 * POSTs it to the partner's URL, signed with HMAC-SHA256 over timestamp and body under the key
 * {@code credentials} names, so the platform can tell the hub's calls from anyone else's.
 */
public class WebhookAdapter extends AdapterRoutes {

    public static final String TYPE = "webhook";

    /** A sink's options: end-to-end protection and how the hub authenticates to the partner. */
    private static final Set<String> SINK_OPTIONS = Stream.concat(OutboundProtection.OPTIONS.stream(),
            OutboundSecurity.OPTIONS.stream()).collect(Collectors.toUnmodifiableSet());

    private final MapperRegistry mappers;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Clock clock;
    private final OutboundProtection protection;
    private final OutboundSecurity outbound;

    public WebhookAdapter(MapperRegistry mappers, Duration connectTimeout, Duration responseTimeout, Clock clock) {
        this(mappers, connectTimeout, responseTimeout, clock, OutboundProtection.WITHOUT_SIGNING_KEY,
                new OutboundSecurity(null, connectTimeout, clock));
    }

    /**
     * @param protection signs and encrypts what is posted, as the partner's options say; the HMAC covers the result
     * @param outbound   builds each partner's TLS bundle and access tokens from its sink options
     */
    public WebhookAdapter(MapperRegistry mappers, Duration connectTimeout, Duration responseTimeout, Clock clock,
                          OutboundProtection protection, OutboundSecurity outbound) {
        this.protection = protection;
        this.outbound = outbound;
        this.mappers = mappers;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Direction> directions() {
        return EnumSet.of(Direction.SINK);
    }

    @Override
    public List<SettingProblem> validate(Direction direction, AdapterSettings settings, MapperRegistry registry) {
        List<SettingProblem> problems = new ArrayList<>(standardChecks(direction, settings, registry, true));
        problems.addAll(httpEndpoint(settings, "an http or https URL"));
        if (settings.credentials() == null) {
            problems.add(new SettingProblem("credentials", "required: a reference to the HMAC signing key"));
        }
        problems.addAll(protection.check(direction, settings));
        problems.addAll(unknownOptions(settings, SINK_OPTIONS));
        problems.addAll(OutboundSecurity.validate(settings));
        return problems;
    }

    private PartnerOutbound partnerOutbound(org.apache.camel.RouteTemplateContext rtc) {
        return outbound.forPartner(rtc.getProperty(RouteTemplates.PARTNER_ID, String.class),
                option -> rtc.getProperty(option, String.class));
    }

    @Override
    public void configure() {
        sinkRoute(template(Direction.SINK)
                // Resolved when the route is built: a missing secret fails the reload, with its
                // reference named, rather than every delivery.
                .templateBean("webhookSink", HttpSink.class, rtc -> new HttpSink(rtc.getProperty(RouteTemplates.PARTNER_ID, String.class),
                        mappers.findOutbound(rtc.getProperty(RouteTemplates.MAPPER_ID, String.class)).orElseThrow(),
                        HttpSink.Credential.HMAC_SIGNATURE,
                        SecretReferences.resolve(rtc.getProperty(RouteTemplates.CREDENTIALS, String.class)), clock,
                        protection.forRoute(rtc), partnerOutbound(rtc).tokens()))
                .templateBean("webhookConnections", HttpClientConnectionManager.class,
                        rtc -> PartnerHttpConnections.of(partnerOutbound(rtc), connectTimeout, responseTimeout)))
                .process("{{webhookSink}}")
                .to(HttpSink.endpoint("{{" + RouteTemplates.ENDPOINT + "}}", connectTimeout, responseTimeout,
                        "webhookConnections"))
                .process(HttpSink::receipt);
    }
}
