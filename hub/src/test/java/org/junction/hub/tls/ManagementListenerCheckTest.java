package org.junction.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManagementListenerCheckTest {

    @Test
    void whereHttpsIsRequiredTheManagementPortIsHttpsOrLoopbackOnly() {
        assertThat(ManagementListenerCheck.problem(true, "8443", "8081", false, null))
                .hasValueSatisfying(p -> assertThat(p).startsWith("management.server.ssl.enabled"));
        assertThat(ManagementListenerCheck.problem(true, "8443", "8081", false, "0.0.0.0")).isPresent();
        assertThat(ManagementListenerCheck.problem(true, "8443", "8081", true, null)).isEmpty();
        assertThat(ManagementListenerCheck.problem(true, "8443", "8081", false, "127.0.0.1")).isEmpty();
        // on the main port, the management endpoints share its HTTPS
        assertThat(ManagementListenerCheck.problem(true, "8443", "8443", false, null)).isEmpty();
    }

    @Test
    void elsewhereNothingIsRequired() {
        assertThat(ManagementListenerCheck.problem(false, "8080", "8081", false, null)).isEmpty();
    }
}
