package org.junction.hub.demo;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Set;
import org.junction.security.identity.Role;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Profile;
import org.springframework.validation.annotation.Validated;

/**
 * The demo's one person ({@code hub.demo.person.*}), whose password and TOTP secret the demo
 * publishes so a newcomer can log in. Bound only under the demo profile: no other deployment has
 * a person it did not create with {@code junction users add}.
 *
 * @param totpSecret base32, as typed into an authenticator app
 */
@Validated
@Profile("demo")
@ConfigurationProperties("hub.demo.person")
public record DemoPersonProperties(
        @DefaultValue("false") boolean enabled,
        String id,
        String organisation,
        @DefaultValue Set<Role> roles,
        @DefaultValue List<String> roleTitles,
        @DefaultValue("false") boolean hubWide,
        String password,
        String totpSecret) {

    public DemoPersonProperties {
        if (enabled && (blank(id) || blank(organisation) || blank(password) || blank(totpSecret) || roles.isEmpty())) {
            throw new IllegalArgumentException(
                    "hub.demo.person: id, organisation, roles, password and totp-secret are required when enabled");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
