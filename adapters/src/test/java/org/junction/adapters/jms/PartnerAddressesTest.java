package org.junction.adapters.jms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartnerAddressesTest {

    @Test
    void namesAPartnersQueuesAndTheirDeadLetterQueues() {
        assertThat(PartnerAddresses.inbound("council-north")).isEqualTo("partner.council-north.in");
        assertThat(PartnerAddresses.outbound("council-north")).isEqualTo("partner.council-north.out");
        assertThat(PartnerAddresses.inboundDeadLetter("council-north")).isEqualTo("DLQ.partner.council-north.in");
        assertThat(PartnerAddresses.outboundDeadLetter("council-north")).isEqualTo("DLQ.partner.council-north.out");
    }

    @Test
    void tellsWhoseAddressItIs() {
        assertThat(PartnerAddresses.inboundOwner("partner.council-north.in")).contains("council-north");
        assertThat(PartnerAddresses.outboundOwner("partner.council-north.out")).contains("council-north");
        assertThat(PartnerAddresses.inboundOwner("partner.council-north.out")).isEmpty();
        assertThat(PartnerAddresses.inboundOwner("DLQ.partner.council-north.in")).isEmpty();
        assertThat(PartnerAddresses.inboundOwner("partner.a.b.in")).isEmpty();
        assertThat(PartnerAddresses.inboundOwner("partner..in")).isEmpty();
        assertThat(PartnerAddresses.outboundOwner("hub.intake")).isEmpty();
    }

    @Test
    void splitsFullyQualifiedQueueNames() {
        assertThat(PartnerAddresses.addressOf("partner.a1.out::partner.a1.out")).isEqualTo("partner.a1.out");
        assertThat(PartnerAddresses.queueOf("partner.a1.out::DLQ.x")).isEqualTo("DLQ.x");
        assertThat(PartnerAddresses.addressOf("partner.a1.out")).isEqualTo("partner.a1.out");
        assertThat(PartnerAddresses.queueOf("partner.a1.out")).isEqualTo("partner.a1.out");
    }
}
