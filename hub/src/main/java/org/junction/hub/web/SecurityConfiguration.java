package org.junction.hub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junction.adapters.config.ActiveConfig;
import org.junction.console.admin.AdminController;
import org.junction.console.agreements.AgreementController;
import org.junction.console.decisions.DecisionController;
import org.junction.console.alerts.AlertController;
import org.junction.console.audit.AuditCheckpointController;
import org.junction.console.deadletter.DeadLetterController;
import org.junction.adapters.fhir.BarsHeadersEchoFilter;
import org.junction.adapters.fhir.MetadataController;
import org.junction.adapters.restjson.ApiKeyAuthenticationFilter;
import org.junction.adapters.restjson.ClientCertificateAuthenticationFilter;
import org.junction.adapters.restjson.PartnerTokenAuthenticationFilter;
import org.junction.adapters.restjson.SenderClaimFilter;
import org.junction.adapters.restjson.PartnerAuthentication;
import org.junction.adapters.restjson.Problems;
import org.junction.adapters.restjson.ReferralController;
import org.junction.hub.people.LoginController;
import org.junction.hub.people.PeopleSessions;
import org.junction.security.identity.OperatorDirectory;
import org.junction.security.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Partner systems call {@code /api/v1/**} with their client certificate (mutual
 * TLS) or, where {@code hub.security.api-keys-allowed}, their API key; people call the same API with
 * the session of their login ({@link PeopleSessions}); health is open for load balancers. Every
 * people-facing endpoint also carries its own {@code @PreAuthorize}: these URL rules are the second line.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain partnerApi(HttpSecurity http, ActiveConfig config, OperatorDirectory operators,
                                   ObjectMapper json, HubSecurityProperties security,
                                   PartnerJwtProperties jwt, PeopleSessions people) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, failure) -> {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.UNAUTHORIZED,
                    "unauthenticated", (security.apiKeysAllowed()
                            ? "A known client certificate or a valid partner API key is required."
                            : "A known client certificate is required.")
                            + (jwt.enabled() ? " A valid bearer token from the trusted issuer serves too." : "")));
        };
        AccessDeniedHandler denied = (request, response, failure) -> {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Problems.of(HttpStatus.FORBIDDEN,
                    "forbidden", "This caller may not use this API."));
        };
        // People logged in carry a session (read here, created only by their login) and, for changes, its CSRF token.
        return people.apply(http).securityMatcher("/api/v1/**", "/fhir/**")
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Under production keys are not read at all: a key alone authenticates nobody, partner or operator.
                .addFilterBefore(new ApiKeyAuthenticationFilter(config::partners, operators, security.apiKeysAllowed()),
                        AnonymousAuthenticationFilter.class)
                .addFilterBefore(new ClientCertificateAuthenticationFilter(config::partners, unauthenticated, denied),
                        ApiKeyAuthenticationFilter.class)
                .addFilterBefore(new BarsHeadersEchoFilter(), ClientCertificateAuthenticationFilter.class)
                // Tokens are read after certificates and before keys (same order, registered later).
                .addFilterBefore(new PartnerTokenAuthenticationFilter(jwt.enabled() ? PartnerJwtDecoders.decoder(jwt) : null,
                        jwt.subjectClaim(), config::partners, unauthenticated, denied), ApiKeyAuthenticationFilter.class)
                .addFilterAfter(new SenderClaimFilter(denied), ApiKeyAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        // FHIR clients read the CapabilityStatement before they authenticate.
                        .requestMatchers(HttpMethod.GET, MetadataController.PATH).permitAll()
                        // A login proves who is asking by itself; logging out needs nobody in particular.
                        .requestMatchers(HttpMethod.POST, LoginController.LOGIN, LoginController.LOGOUT).permitAll()
                        .requestMatchers(HttpMethod.GET, LoginController.SESSION).hasAnyRole(Role.HUB_ADMIN.name(),
                                Role.OPERATOR.name(), Role.IG_LEAD.name(), Role.DECISION_MAKER.name())
                        // People follow the referrals their organisation sent or received (scoped in the controller).
                        .requestMatchers(HttpMethod.GET, ReferralController.PATH + "/*").hasAnyRole(
                                PartnerAuthentication.ROLE, Role.HUB_ADMIN.name(), Role.OPERATOR.name(),
                                Role.IG_LEAD.name())
                        // Checkpoints and their public keys hold no personal data; partners keep copies of them.
                        .requestMatchers(HttpMethod.GET, AuditCheckpointController.KEYS, AuditCheckpointController.CHECKPOINTS)
                            .hasAnyRole(PartnerAuthentication.ROLE, Role.IG_LEAD.name(), Role.HUB_ADMIN.name())
                        // Verifying the ledger is an IG function, and reads the whole chain: not for partner machines.
                        .requestMatchers("/api/v1/audit", "/api/v1/audit/**").hasAnyRole(Role.IG_LEAD.name(), Role.HUB_ADMIN.name())
                        // Agreements: IG leads approve for their organisation; admins and IG leads list them.
                        .requestMatchers(HttpMethod.POST, AgreementController.PATH + AgreementController.APPROVALS)
                            .hasRole(Role.IG_LEAD.name())
                        .requestMatchers(HttpMethod.GET, AgreementController.PATH)
                            .hasAnyRole(Role.IG_LEAD.name(), Role.HUB_ADMIN.name())
                        // Held referrals: decision-makers decide (authorised titles checked per item); IG leads review overrides.
                        .requestMatchers(HttpMethod.GET, DecisionController.PATH + "/pending")
                            .hasRole(Role.DECISION_MAKER.name())
                        .requestMatchers(HttpMethod.GET, DecisionController.PATH + "/overrides")
                            .hasRole(Role.IG_LEAD.name())
                        .requestMatchers(HttpMethod.POST, DecisionController.PATH + "/*")
                            .hasRole(Role.DECISION_MAKER.name())
                        // Batches of a bulk feed: seen and decided as one by decision-makers (titles checked per batch).
                        .requestMatchers(org.junction.console.decisions.BatchDecisionController.PATH + "/*/*")
                            .hasRole(Role.DECISION_MAKER.name())
                        // Vital-interests shares owe a decision record: decision-makers make it; IG leads follow them.
                        .requestMatchers(HttpMethod.GET, org.junction.console.decisions.VitalInterestsController.PATH)
                            .hasAnyRole(Role.DECISION_MAKER.name(), Role.IG_LEAD.name())
                        .requestMatchers(HttpMethod.POST,
                                org.junction.console.decisions.VitalInterestsController.PATH + "/*/record")
                            .hasRole(Role.DECISION_MAKER.name())
                        .requestMatchers(HttpMethod.POST, DecisionController.PATH + "/overrides/*/review")
                            .hasRole(Role.IG_LEAD.name())
                        // Operators pause and resume their organisation's partners (scoped in the controller).
                        .requestMatchers(HttpMethod.GET, AdminController.PATH + "/partners")
                            .hasAnyRole(Role.HUB_ADMIN.name(), Role.OPERATOR.name())
                        .requestMatchers(HttpMethod.POST, AdminController.PATH + "/partners/*/pause",
                                AdminController.PATH + "/partners/*/resume")
                            .hasAnyRole(Role.HUB_ADMIN.name(), Role.OPERATOR.name())
                        // Partners, adapters and configuration are the hub admins' alone.
                        .requestMatchers(AdminController.PATH + "/**").hasRole(Role.HUB_ADMIN.name())
                        .requestMatchers(DeadLetterController.PATH, DeadLetterController.PATH + "/**")
                            .hasAnyRole(Role.HUB_ADMIN.name(), Role.OPERATOR.name())
                        // IG leads see the governance alerts of their own organisation (filtered in the controller).
                        .requestMatchers(AlertController.PATH).hasAnyRole(Role.HUB_ADMIN.name(), Role.OPERATOR.name(),
                                Role.IG_LEAD.name())
                        // A referral's payload copies: IG leads only, with a reason (scoped in the controller).
                        .requestMatchers(HttpMethod.POST, org.junction.hub.payload.PayloadViewController.PATH)
                            .hasRole(Role.IG_LEAD.name())
                        // Recalls owed to recipients: IG leads, admins and operators (scoped in the controller).
                        .requestMatchers(HttpMethod.GET, org.junction.hub.recall.RecallController.PATH).hasAnyRole(
                                Role.IG_LEAD.name(), Role.HUB_ADMIN.name(), Role.OPERATOR.name())
                        .anyRequest().hasRole(PartnerAuthentication.ROLE))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http, ConsoleProperties console) throws Exception {
        return http
                .authorizeHttpRequests(a -> {
                    // "/error" renders failures of the other chains; denying it would turn a 500 into a 403.
                    a.requestMatchers("/actuator/health/**", "/actuator/health", "/error").permitAll();
                    if (console.openStatusPage()) {
                        a.requestMatchers("/").permitAll();
                    }
                    a.anyRequest().denyAll();
                })
                .build();
    }
}
