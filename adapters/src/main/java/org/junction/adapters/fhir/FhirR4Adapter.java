package org.junction.adapters.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.adapters.feedback.OutcomeFormats;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.outbound.OutboundSecurity;
import org.junction.adapters.outbound.PartnerOutbound;
import org.junction.adapters.partner.FhirValidationLevel;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.protection.InboundSignatures;
import org.junction.adapters.spi.AdapterRoutes;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.adapters.spi.SettingProblem;
import org.junction.mappings.MapperRegistry;
import org.junction.mappings.RenderContext;
import org.junction.mappings.cancel.Cancellation;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.fhir.bars.BarsBundleMapper;
import org.junction.mappings.fhir.bars.BarsBundleRenderer;

/**
 * {@code fhir-r4}: GP practices and hospitals. As a source, partners call the hub's FHIR API
 * ({@code $process-message}, {@code Consent}, and {@code Task} / {@code Communication} for feedback
 * on referrals they received), which serves every partner of the type, so there is
 * no route per partner; option {@code validation} (RULES, BASE_R4, PACKAGES) sets how deeply what
 * they send is validated. As a sink, the referral is rendered as a BaRS message Bundle and created
 * on the partner's FHIR server with camel-fhir, carrying X-Request-ID and X-Correlation-ID.
 */
public class FhirR4Adapter extends AdapterRoutes {

    public static final String TYPE = "fhir-r4";
    static final String FHIR_CONTEXT_BEAN = "junctionDeliveryFhirContext";
    private static final String PARTNER = "junctionFhirSinkPartner";
    private static final String SENT_IDENTIFIER = "junctionSentIdentifier";
    private static final String ACCESS_TOKEN = "junctionFhirAccessToken";
    private static final Set<String> SOURCE_FORMATS = Set.of(BarsBundleMapper.ID, ConsentController.CONSENT_FORMAT,
            OutcomeFormats.FHIR_FEEDBACK);

    private final FhirContext fhirContext;
    private final BarsBundleRenderer renderer = new BarsBundleRenderer();
    // One interceptor for every FHIR sink: it is keyed by the identifier of the message being sent,
    // which no two messages in flight share, whoever their recipient.
    private final RequestHeadersInterceptor headers = new RequestHeadersInterceptor();
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final Clock clock;
    private final OutboundSecurity outbound;

    /** @param fhirContext a context of its own: client timeouts are set on its factory */
    public FhirR4Adapter(FhirContext fhirContext, Duration connectTimeout, Duration socketTimeout, Clock clock) {
        this(fhirContext, connectTimeout, socketTimeout, clock, new OutboundSecurity(null, connectTimeout, clock));
    }

    /** @param outbound builds each partner's TLS bundle and access tokens from its sink options */
    public FhirR4Adapter(FhirContext fhirContext, Duration connectTimeout, Duration socketTimeout, Clock clock,
                         OutboundSecurity outbound) {
        this.outbound = outbound;
        this.fhirContext = fhirContext;
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
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
    public List<SettingProblem> validate(Direction direction, AdapterSettings settings, MapperRegistry mappers) {
        List<SettingProblem> problems = new ArrayList<>();
        if (direction == Direction.SOURCE) {
            if (!SOURCE_FORMATS.contains(settings.mapper())) {
                problems.add(new SettingProblem("mapper", "a fhir-r4 source takes one of " + SOURCE_FORMATS));
            }
            String level = settings.options().get(Partner.FHIR_VALIDATION_OPTION);
            if (level != null && Arrays.stream(FhirValidationLevel.values()).noneMatch(l -> l.name().equals(level))) {
                problems.add(new SettingProblem("options." + Partner.FHIR_VALIDATION_OPTION,
                        "one of " + Arrays.toString(FhirValidationLevel.values())));
            }
            if (settings.endpoint() != null) {
                problems.add(new SettingProblem("endpoint", "a fhir-r4 source is the hub's own FHIR API: no endpoint"));
            }
            problems.addAll(InboundSignatures.check(direction, settings, clock));
            var known = new java.util.HashSet<>(InboundSignatures.OPTIONS);
            known.add(Partner.FHIR_VALIDATION_OPTION);
            problems.addAll(unknownOptions(settings, known));
            return problems;
        }
        problems.addAll(standardChecks(direction, settings, mappers, true));
        if (settings.mapper() != null && !BarsBundleRenderer.ID.equals(settings.mapper())) {
            problems.add(new SettingProblem("mapper", "a fhir-r4 sink sends " + BarsBundleRenderer.ID));
        }
        problems.addAll(httpEndpoint(settings, "the base URL of the partner's FHIR R4 server (http or https)"));
        problems.addAll(unknownOptions(settings, OutboundSecurity.OPTIONS));
        problems.addAll(OutboundSecurity.validate(settings));
        return problems;
    }

    private PartnerOutbound partnerOutbound(org.apache.camel.RouteTemplateContext rtc) {
        return outbound.forPartner(rtc.getProperty(RouteTemplates.PARTNER_ID, String.class),
                option -> rtc.getProperty(option, String.class));
    }

    @Override
    public void configure() {
        getContext().getRegistry().bind(FHIR_CONTEXT_BEAN, fhirContext);
        var sink = template(Direction.SINK)
                .templateBean("fhirClient", ca.uhn.fhir.rest.client.api.IGenericClient.class, rtc -> FhirClients.forEndpoint(fhirContext,
                        rtc.getProperty(RouteTemplates.ENDPOINT, String.class), headers, connectTimeout, socketTimeout,
                        partnerOutbound(rtc)))
                // camel-fhir calls from a pool of its own: the token is fetched here, on the route's
                // thread, so that a token endpoint's failure is the delivery's, and handed to the
                // headers interceptor with the message.
                .templateBean("fhirAccessToken", org.apache.camel.Processor.class, rtc -> {
                    PartnerOutbound partner = partnerOutbound(rtc);
                    org.apache.camel.Processor fetch = exchange -> exchange.setProperty(ACCESS_TOKEN, partner.accessToken());
                    return fetch;
                });
        sinkRoute(sink)
                .setProperty(PARTNER, constant("{{" + RouteTemplates.PARTNER_ID + "}}"))
                .process("{{fhirAccessToken}}")
                .process(this::render)
                .doTry()
                    .to("fhir://create/resource?inBody=resource&fhirContext=#" + FHIR_CONTEXT_BEAN
                            + "&client=#{{fhirClient}}")
                    .process(this::receipt)
                .doCatch(Exception.class)
                    .process(this::passRetryAfterOn)
                .doFinally()
                    .process(this::release)
                .end();
    }

    private void render(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        var dispatch = exchange.getProperty(RouteTemplates.DISPATCH, BrokerHeaders.Dispatch.class);
        Bundle canonical = exchange.getMessage().getMandatoryBody(Bundle.class);
        RenderContext context = new RenderContext(exchange.getProperty(PARTNER, String.class), clock.instant());
        // A recall goes the same way as the referral it recalls: to the same server, as a message.
        // A rejection notice goes back to the sender's own server the same way.
        Bundle message = Cancellation.from(canonical).map(c -> renderer.cancellationBundle(c, context))
                .or(() -> org.junction.mappings.notice.RejectionNotice.from(canonical)
                        .map(n -> renderer.rejectionBundle(n, context)))
                .or(() -> org.junction.mappings.notice.FeedbackNotice.from(canonical)
                        .map(n -> renderer.feedbackBundle(n, context)))
                .orElseGet(() -> renderer.bundle(Referral.of(canonical), context));
        String identifier = message.getIdentifier().getValue();
        exchange.setProperty(SENT_IDENTIFIER, identifier);
        headers.bind(identifier, new RequestHeadersInterceptor.Values(dispatch.requestId(), dispatch.correlationId(),
                exchange.getProperty(ACCESS_TOKEN, String.class)));
        exchange.removeProperty(ACCESS_TOKEN);
        exchange.getMessage().setBody(message);
    }

    private void receipt(Exchange exchange) {
        MethodOutcome outcome = exchange.getMessage().getBody(MethodOutcome.class);
        // The resource's own id, not the partner's full URL: that is long, and says where, not what.
        exchange.setProperty(RouteTemplates.RECEIPT, outcome != null && outcome.getId() != null
                ? outcome.getId().toUnqualifiedVersionless().getValue() : "unknown");
    }

    /** Hands the partner's Retry-After, if it gave one, to the deliver route, then fails on. */
    private void passRetryAfterOn(Exchange exchange) throws Exception {
        String sent = exchange.getProperty(SENT_IDENTIFIER, String.class);
        String retryAfter = sent == null ? null : headers.retryAfter(sent);
        if (retryAfter != null) {
            exchange.setProperty(RouteTemplates.RETRY_AFTER, retryAfter);
        }
        throw exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }

    private void release(Exchange exchange) {
        String sent = exchange.getProperty(SENT_IDENTIFIER, String.class);
        if (sent != null) {
            headers.release(sent);
        }
    }
}
