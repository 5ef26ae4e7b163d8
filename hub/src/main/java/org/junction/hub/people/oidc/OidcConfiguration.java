package org.junction.hub.people.oidc;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.partner.SecretReferences;
import org.junction.adapters.restjson.PersonAuthentication;
import org.junction.console.web.ConsolePaths;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.people.AuthenticatedPerson;
import org.junction.security.people.PersonLogins;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Single sign-on (authorization code flow) when {@code hub.oidc.issuer-uri} is set. The browser
 * starts at {@code /oauth2/authorization/<registration-id>}; the provider sends it back to
 * {@code /login/oauth2/code/<registration-id>}; the hub checks the ID token, maps its claims to a
 * person ({@link OidcPeople}) and keeps that person in the session, exactly as a password login
 * does, so the people's API treats both alike. Logins and refusals are recorded in the ledger.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("hub.oidc.issuer-uri")
public class OidcConfiguration {

    static final String NOT_RECOGNISED = "person_not_recognised";

    @Bean
    ClientRegistrationRepository oidcClientRegistrations(OidcProperties settings) {
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(settings.issuerUri().toString())
                .registrationId(settings.registrationId())
                .clientId(settings.clientId())
                .clientSecret(new String(SecretReferences.resolve(settings.clientSecret()), StandardCharsets.UTF_8).strip())
                .scope(settings.scopes())
                .userNameAttributeName(settings.usernameClaim())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }

    @Bean
    OidcPeople oidcPeople(OidcProperties settings, ActiveConfig config) {
        return new OidcPeople(settings, () -> config.partners().all().stream().map(Partner::organisation)
                .collect(Collectors.toSet()));
    }

    @Bean
    @Order(1)
    SecurityFilterChain oidcLogin(HttpSecurity http, OidcProperties settings, OidcPeople people, LedgerWriter ledger,
                                  Clock clock) throws Exception {
        HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
        OidcUserService standard = new OidcUserService();
        OAuth2UserService<OidcUserRequest, OidcUser> mapping = request -> {
            OidcUser user = standard.loadUser(request);
            AuthenticatedPerson person = people.person(user.getClaims()).orElseThrow(() ->
                    new OAuth2AuthenticationException(new OAuth2Error(NOT_RECOGNISED,
                            "no recognised organisation or hub role in the provider's claims", null)));
            return new PersonOidcUser(user, person, settings.usernameClaim());
        };
        return http.securityMatcher("/oauth2/**", "/login/oauth2/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .oauth2Login(login -> login
                        .userInfoEndpoint(u -> u.oidcUserService(mapping))
                        .successHandler((request, response, authentication) -> {
                            AuthenticatedPerson person = ((PersonOidcUser) authentication.getPrincipal()).person();
                            var context = SecurityContextHolder.createEmptyContext();
                            context.setAuthentication(new PersonAuthentication(person));
                            SecurityContextHolder.setContext(context);
                            sessions.saveContext(context, request, response);
                            ledger.record(event(LedgerEventType.LOGIN_SUCCEEDED, person.id(), "SUCCEEDED",
                                    AuthenticatedPerson.OIDC, clock));
                            response.sendRedirect(request.getContextPath() + settings.successPath());
                        })
                        .failureHandler((request, response, failure) -> {
                            ledger.record(event(LedgerEventType.LOGIN_FAILED, PersonLogins.UNKNOWN_ACTOR, "FAILED",
                                    failure instanceof OAuth2AuthenticationException e
                                            && NOT_RECOGNISED.equals(e.getError().getErrorCode())
                                            ? "OIDC_NOT_RECOGNISED" : "OIDC_FAILED", clock));
                            // A person's browser: the console's page says it failed (nothing of why) and
                            // offers the password sign-in.
                            response.sendRedirect(request.getContextPath() + ConsolePaths.SIGN_IN_FAILED);
                        }))
                .build();
    }

    private static LedgerEvent event(LedgerEventType type, String actor, String outcome, String reason, Clock clock) {
        return new LedgerEvent(UUID.randomUUID(), null, type, clock.instant(), actor, null, null, null, null, outcome,
                reason, 1, List.of());
    }

    /** The provider's user, with the hub's person it maps to. */
    static final class PersonOidcUser extends DefaultOidcUser {
        private final AuthenticatedPerson person;

        PersonOidcUser(OidcUser user, AuthenticatedPerson person, String nameClaim) {
            super(PersonAuthentication.authorities(person), user.getIdToken(), user.getUserInfo(), nameClaim);
            this.person = person;
        }

        AuthenticatedPerson person() {
            return person;
        }
    }
}
