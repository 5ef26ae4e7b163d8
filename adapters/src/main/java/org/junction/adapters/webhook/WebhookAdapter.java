package org.junction.adapters.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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

    private final MapperRegistry mappers;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Clock clock;
    private final OutboundProtection protection;

    public WebhookAdapter(MapperRegistry mappers, Duration connectTimeout, Duration responseTimeout, Clock clock) {
        this(mappers, connectTimeout, responseTimeout, clock, OutboundProtection.WITHOUT_SIGNING_KEY);
    }

    /** @param protection signs and encrypts what is posted, as the partner's options say; the HMAC covers the result */
    public WebhookAdapter(MapperRegistry mappers, Duration connectTimeout, Duration responseTimeout, Clock clock,
                          OutboundProtection protection) {
        this.protection = protection;
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
        problems.addAll(unknownOptions(settings, OutboundProtection.OPTIONS));
        return problems;
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
                        protection.forRoute(rtc))))
                .process("{{webhookSink}}")
                .to(HttpSink.endpoint("{{" + RouteTemplates.ENDPOINT + "}}", connectTimeout, responseTimeout))
                .process(HttpSink::receipt);
    }
}
