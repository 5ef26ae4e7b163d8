package org.junction.adapters.restjson;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junction.adapters.feedback.OutcomeFormats;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.junction.adapters.outbound.OutboundSecurity;
import org.junction.adapters.outbound.PartnerHttpConnections;
import org.junction.adapters.outbound.PartnerOutbound;
import org.junction.adapters.partner.SecretReferences;
import org.junction.adapters.protection.InboundSignatures;
import org.junction.adapters.protection.OutboundProtection;
import org.junction.adapters.spi.AdapterRoutes;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.adapters.spi.SettingProblem;
import org.junction.mappings.MapperRegistry;

/**
 * {@code rest-json}: partners on plain HTTPS APIs. As a source, partners POST to the hub's partner
 * API ({@code /api/v1/referrals}, and {@code /api/v1/outcomes} for recipients reporting on referrals
 * they received; described at {@code /api/v1/openapi.yaml}), which serves every
 * partner of the type. As a sink, the hub renders the referral in the partner's format and POSTs
 * it to the partner's endpoint, with a bearer token when {@code credentials} names one.
 */
public class RestJsonAdapter extends AdapterRoutes {

    public static final String TYPE = "rest-json";

    /** A sink's options: end-to-end protection and how the hub authenticates to the partner. */
    private static final Set<String> SINK_OPTIONS = Stream.concat(OutboundProtection.OPTIONS.stream(),
            OutboundSecurity.OPTIONS.stream()).collect(Collectors.toUnmodifiableSet());

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final MapperRegistry mappers;
    private final Clock clock;
    private final OutboundProtection protection;
    private final OutboundSecurity outbound;

    public RestJsonAdapter(MapperRegistry mappers, Duration connectTimeout, Duration responseTimeout, Clock clock) {
        this(mappers, connectTimeout, responseTimeout, clock, OutboundProtection.WITHOUT_SIGNING_KEY,
                new OutboundSecurity(null, connectTimeout, clock));
    }

    /**
     * @param protection signs and encrypts what the sink posts, as the partner's options say
     * @param outbound   builds each partner's TLS bundle and access tokens from its sink options
     */
    public RestJsonAdapter(MapperRegistry mappers, Duration connectTimeout, Duration responseTimeout, Clock clock,
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
        return EnumSet.allOf(Direction.class);
    }

    @Override
    public Optional<String> routeTemplate(Direction direction) {
        return direction == Direction.SINK ? super.routeTemplate(direction) : Optional.empty();
    }

    @Override
    public List<SettingProblem> validate(Direction direction, AdapterSettings settings, MapperRegistry registry) {
        List<SettingProblem> problems = new ArrayList<>(unknownOptions(settings,
                direction == Direction.SOURCE ? InboundSignatures.OPTIONS : SINK_OPTIONS));
        if (direction == Direction.SOURCE) {
            problems.addAll(InboundSignatures.check(direction, settings, clock));
            if (!ReferralController.ACCEPTED_FORMATS.contains(settings.mapper())
                    && !OutcomeFormats.REST_JSON.contains(settings.mapper())) {
                problems.add(new SettingProblem("mapper", "the partner API accepts referrals in "
                        + ReferralController.ACCEPTED_FORMATS + " and outcomes in " + OutcomeFormats.REST_JSON));
            }
            if (settings.endpoint() != null) {
                problems.add(new SettingProblem("endpoint", "a rest-json source calls the hub's API: no endpoint"));
            }
            return problems;
        }
        problems.addAll(standardChecks(direction, settings, registry, true));
        problems.addAll(httpEndpoint(settings, "an http or https URL"));
        problems.addAll(protection.check(direction, settings));
        problems.addAll(OutboundSecurity.validate(settings));
        if (settings.credentials() != null && settings.options().containsKey(OutboundSecurity.TOKEN_ENDPOINT)) {
            problems.add(new SettingProblem("credentials", "a bearer token and a token endpoint both: name one"));
        }
        return problems;
    }

    private PartnerOutbound partnerOutbound(org.apache.camel.RouteTemplateContext rtc) {
        return outbound.forPartner(rtc.getProperty(RouteTemplates.PARTNER_ID, String.class),
                option -> rtc.getProperty(option, String.class));
    }

    @Override
    public void configure() {
        sinkRoute(template(Direction.SINK)
                .templateBean("restJsonSink", HttpSink.class, rtc -> {
                    String credentials = rtc.getProperty(RouteTemplates.CREDENTIALS, String.class);
                    boolean bearer = !RouteTemplates.NONE.equals(credentials);
                    return new HttpSink(rtc.getProperty(RouteTemplates.PARTNER_ID, String.class),
                            mappers.findOutbound(rtc.getProperty(RouteTemplates.MAPPER_ID, String.class)).orElseThrow(),
                            bearer ? HttpSink.Credential.BEARER : HttpSink.Credential.NONE,
                            bearer ? SecretReferences.resolve(credentials) : null, clock, protection.forRoute(rtc),
                            partnerOutbound(rtc).tokens());
                })
                .templateBean("restJsonConnections", HttpClientConnectionManager.class,
                        rtc -> PartnerHttpConnections.of(partnerOutbound(rtc), connectTimeout, responseTimeout)))
                .process("{{restJsonSink}}")
                .to(HttpSink.endpoint("{{" + RouteTemplates.ENDPOINT + "}}", connectTimeout, responseTimeout,
                        "restJsonConnections"))
                .process(HttpSink::receipt);
    }
}
