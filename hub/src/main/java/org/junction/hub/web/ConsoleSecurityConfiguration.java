package org.junction.hub.web;

import org.junction.console.web.ConsolePaths;
import org.junction.hub.people.PeopleSessions;
import org.junction.security.identity.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * Who may open which console page. People only, with the session of their sign-in (shared with the
 * people's API); every form post carries the session's CSRF token, the sign-in form included; a
 * browser without a session is sent to the sign-in page. Every page handler carries its own
 * {@code @PreAuthorize} too: these URL rules are the second line.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

    static final String[] PEOPLE = {Role.HUB_ADMIN.name(), Role.OPERATOR.name(), Role.IG_LEAD.name(),
            Role.DECISION_MAKER.name()};
    /** Same origin only; no inline script or style, so injected markup cannot run. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, PeopleSessions people) throws Exception {
        String root = ConsolePaths.ROOT;
        return people.apply(http).securityMatcher(root, root + "/**", "/webjars/**")
                // Unlike the API (where partner machines post without a session), every console post is a browser's.
                .csrf(c -> c.requireCsrfProtectionMatcher(CsrfFilter.DEFAULT_CSRF_MATCHER))
                // A signed-out browser is not given a session just to remember where it was going.
                .requestCache(c -> c.requestCache(new NullRequestCache()))
                .headers(h -> h.contentSecurityPolicy(p -> p.policyDirectives(CONTENT_SECURITY_POLICY)))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/webjars/**", ConsolePaths.ASSETS + "/**").permitAll()
                        .requestMatchers(ConsolePaths.LOGIN, ConsolePaths.LOGOUT, ConsolePaths.SIGN_IN_FAILED).permitAll()
                        .requestMatchers(root).hasAnyRole(PEOPLE)
                        .requestMatchers(root + "/referrals", root + "/referrals/**")
                            .hasAnyRole(Role.HUB_ADMIN.name(), Role.OPERATOR.name(), Role.IG_LEAD.name())
                        .requestMatchers(root + "/decisions", root + "/decisions/**").hasRole(Role.DECISION_MAKER.name())
                        .requestMatchers(root + "/dead-letters", root + "/dead-letters/**", root + "/partners",
                                root + "/partners/**").hasAnyRole(Role.HUB_ADMIN.name(), Role.OPERATOR.name())
                        .requestMatchers(root + "/configuration", root + "/configuration/**").hasRole(Role.HUB_ADMIN.name())
                        .requestMatchers(root + "/agreements", root + "/agreements/**")
                            .hasAnyRole(Role.HUB_ADMIN.name(), Role.IG_LEAD.name())
                        .requestMatchers(root + "/flows", root + "/flows/**").hasRole(Role.IG_LEAD.name())
                        .requestMatchers(root + "/audit", root + "/audit/**").hasRole(Role.IG_LEAD.name())
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(ConsolePaths.LOGIN)))
                .build();
    }
}
