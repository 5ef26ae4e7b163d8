package org.junction.security.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.Set;

/**
 * One operator as configured ({@code hub.operators[*]}): an IG lead's or an admin's API access
 * until interactive logins arrive.
 *
 * @param apiKeySha256 hex SHA-256 of the operator's API key (the key itself is never configured)
 * @param hubWide      sees every organisation's flows; unset means its own organisation only
 * @param roleTitles   the titles a decision-maker holds, which agreements authorise; unset means none
 */
public record OperatorSettings(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9.-]{1,62}", message = "lower-case letters, digits, dots and hyphens") String id,
        @NotBlank String organisation,
        @NotEmpty Set<Role> roles,
        @NotBlank @Pattern(regexp = "[0-9a-f]{64}", message = "64 lower-case hex digits") String apiKeySha256,
        Boolean hubWide,
        Set<String> roleTitles) {

    public boolean isHubWide() {
        return Boolean.TRUE.equals(hubWide);
    }
}
