package org.junction.hub.people.oidc;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Single sign-on for people through an OpenID Connect provider ({@code hub.oidc.*}); off while
 * {@code issuer-uri} is unset. The provider's ID token says who the person is; its claims say their
 * organisation, roles and role titles. A person whose organisation the hub does not recognise (the
 * organisation of a configured partner, or one listed in {@code organisations}), or who holds no
 * hub role, is refused.
 *
 * @param issuerUri          the provider's issuer; its {@code /.well-known/openid-configuration} is read at start
 * @param clientSecret       a reference ({@code env:NAME} or {@code file:/path}), never the secret itself
 * @param registrationId     the name in the hub's login paths: {@code /oauth2/authorization/<id>}
 * @param usernameClaim      the claim naming the person; becomes their id in the hub and the ledger
 * @param organisationClaim  the claim naming their organisation
 * @param rolesClaim         the claim listing their roles (HUB_ADMIN, OPERATOR, IG_LEAD, DECISION_MAKER)
 * @param roleTitlesClaim    the claim listing the titles a decision-maker holds
 * @param hubWideClaim       a boolean claim granting hub-wide scope; absent means own organisation only
 * @param organisations      organisations recognised besides the partners' (the hub team, say)
 * @param successPath        where the browser is sent once logged in
 */
@Validated
@ConfigurationProperties("hub.oidc")
public record OidcProperties(
        URI issuerUri,
        String clientId,
        String clientSecret,
        @DefaultValue("sso") @Pattern(regexp = "[a-z0-9-]{1,32}") String registrationId,
        @DefaultValue({"openid", "profile"}) @NotEmpty List<String> scopes,
        @DefaultValue("preferred_username") @NotBlank String usernameClaim,
        @DefaultValue("organisation") @NotBlank String organisationClaim,
        @DefaultValue("roles") @NotBlank String rolesClaim,
        @DefaultValue("role_titles") @NotBlank String roleTitlesClaim,
        @DefaultValue("hub_wide") @NotBlank String hubWideClaim,
        @DefaultValue List<String> organisations,
        @DefaultValue("/console") @Pattern(regexp = "/.*") String successPath) {

    public OidcProperties {
        if (issuerUri != null) {
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("hub.oidc.client-id: required when hub.oidc.issuer-uri is set");
            }
            if (clientSecret == null || !(clientSecret.startsWith("env:") || clientSecret.startsWith("file:"))) {
                throw new IllegalArgumentException("hub.oidc.client-secret: required when hub.oidc.issuer-uri is set,"
                        + " as a reference (env:NAME or file:/path), never the secret itself");
            }
            if (!scopes.contains("openid")) {
                throw new IllegalArgumentException("hub.oidc.scopes: must include openid");
            }
        }
    }

    public boolean enabled() {
        return issuerUri != null;
    }
}
