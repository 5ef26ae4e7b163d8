package org.junction.adapters.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.security.crypto.CmsEnvelopes;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;
import org.junction.mappings.canonical.Referral;

/**
 * Renders a referral in the partner's format and puts it, persistent, on the partner's outbound
 * queue. The send uses a session of its own, never the deliver route's transacted one: by the time
 * this returns the message is on the broker's disk, so the delivery the pipeline then records is
 * true even if its own transaction fails to commit afterwards.
 */
final class JmsSink implements Processor {

    private final String partnerId;
    private final OutboundMapper format;
    private final java.security.cert.X509Certificate recipient;
    private final ConnectionFactory connections;
    private final Clock clock;

    /** @param recipient the partner's certificate to encrypt to; null to leave the rendering as it is */
    JmsSink(String partnerId, OutboundMapper format, java.security.cert.X509Certificate recipient,
            ConnectionFactory connections, Clock clock) {
        this.partnerId = partnerId;
        this.format = format;
        this.recipient = recipient;
        this.connections = connections;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws JMSException, InvalidPayloadException {
        var dispatch = exchange.getProperty(RouteTemplates.DISPATCH, BrokerHeaders.Dispatch.class);
        Bundle bundle = exchange.getMessage().getMandatoryBody(Bundle.class);
        byte[] rendered = format.render(Referral.of(bundle), new RenderContext(partnerId, clock.instant()));
        byte[] body = recipient == null ? rendered : CmsEnvelopes.encrypt(rendered, recipient);
        Connection connection = connections.createConnection();
        try (connection; Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(
                     session.createQueue(PartnerAddresses.outbound(partnerId)))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            message.setStringProperty(JmsMessageProperties.REQUEST_ID, dispatch.requestId());
            if (dispatch.correlationId() != null) {
                message.setStringProperty(JmsMessageProperties.CORRELATION_ID, dispatch.correlationId());
            }
            message.setStringProperty(JmsMessageProperties.FORMAT, format.id());
            message.setStringProperty(JmsMessageProperties.CONTENT_TYPE,
                    recipient == null ? format.mediaType() : CmsEnvelopes.MEDIA_TYPE);
            if (recipient != null) {
                message.setStringProperty(JmsMessageProperties.INNER_CONTENT_TYPE, format.mediaType());
            }
            producer.send(message);
            exchange.setProperty(RouteTemplates.RECEIPT, message.getJMSMessageID());
        }
    }
}
