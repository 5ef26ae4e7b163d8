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
import org.junction.adapters.protection.OutboundProtection;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;

/**
 * Renders a referral in the partner's format and puts it, persistent, on the partner's outbound
 * queue. The send uses a session of its own, never the deliver route's transacted one: by the time
 * this returns the message is on the broker's disk, so the delivery the pipeline then records is
 * true even if its own transaction fails to commit afterwards.
 */
final class JmsSink implements Processor {

    private final String partnerId;
    private final OutboundMapper format;
    private final OutboundProtection.Protector protection;
    private final ConnectionFactory connections;
    private final Clock clock;

    /** @param protection what the partner's options ask for: signing, encryption to its certificate, or neither */
    JmsSink(String partnerId, OutboundMapper format, OutboundProtection.Protector protection,
            ConnectionFactory connections, Clock clock) {
        this.partnerId = partnerId;
        this.format = format;
        this.protection = protection;
        this.connections = connections;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws JMSException, InvalidPayloadException {
        var dispatch = exchange.getProperty(RouteTemplates.DISPATCH, BrokerHeaders.Dispatch.class);
        Bundle bundle = exchange.getMessage().getMandatoryBody(Bundle.class);
        byte[] rendered = format.renderDispatch(bundle, new RenderContext(partnerId, clock.instant()));
        var body = protection.apply(rendered, format.mediaType());
        Connection connection = connections.createConnection();
        try (connection; Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(
                     session.createQueue(PartnerAddresses.outbound(partnerId)))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body.body());
            message.setStringProperty(JmsMessageProperties.REQUEST_ID, dispatch.requestId());
            if (dispatch.correlationId() != null) {
                message.setStringProperty(JmsMessageProperties.CORRELATION_ID, dispatch.correlationId());
            }
            message.setStringProperty(JmsMessageProperties.FORMAT, format.id());
            message.setStringProperty(JmsMessageProperties.CONTENT_TYPE, body.mediaType());
            if (protection.active()) {
                message.setStringProperty(JmsMessageProperties.INNER_CONTENT_TYPE, format.mediaType());
            }
            producer.send(message);
            exchange.setProperty(RouteTemplates.RECEIPT, message.getJMSMessageID());
        }
    }
}
