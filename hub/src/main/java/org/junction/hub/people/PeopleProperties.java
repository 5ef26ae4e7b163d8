package org.junction.hub.people;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * People's logins with a password and a TOTP code ({@code hub.people.*}).
 *
 * @param maxFailedAttempts failed logins in a row after which the person is locked out
 * @param lockout           how long a locked-out person's logins are refused, even correct ones
 */
@Validated
@ConfigurationProperties("hub.people")
public record PeopleProperties(
        @DefaultValue("5") @Min(1) @Max(100) int maxFailedAttempts,
        @DefaultValue("15m") @NotNull Duration lockout) {

    public PeopleProperties {
        if (lockout != null && (lockout.isNegative() || lockout.isZero())) {
            throw new IllegalArgumentException("hub.people.lockout: must be positive");
        }
    }
}
