package org.junction.mappings;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MappingContextTest {

    @Test
    void requestAndCorrelationIdsMayBeAbsent() {
        new MappingContext(UUID.randomUUID(), "test-police", null, null, Instant.EPOCH);
    }

    @Test
    void refusesAMissingTrackingIdPartnerOrTime() {
        assertThatNullPointerException().isThrownBy(() -> new MappingContext(null, "p", null, null, Instant.EPOCH));
        assertThatNullPointerException().isThrownBy(() -> new MappingContext(UUID.randomUUID(), null, null, null, Instant.EPOCH));
        assertThatNullPointerException().isThrownBy(() -> new MappingContext(UUID.randomUUID(), "p", null, null, null));
    }

    @Test
    void refusesAPartnerIdThatIsNotSafeInAUri() {
        for (String id : new String[] {"", "test police", "a/b", "-lead"}) {
            assertThatIllegalArgumentException().isThrownBy(
                    () -> new MappingContext(UUID.randomUUID(), id, null, null, Instant.EPOCH));
        }
    }
}
