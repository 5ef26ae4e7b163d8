package org.junction.bench.passthrough;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Intake: answers 202 with a tracking id once the broker has confirmed the durable send, the
 * promise the hub's 202 makes too (there after its outbox commit). Idempotency, authentication and
 * every check are left out on purpose.
 */
@RestController
class PassthroughController {

    static final String TRACKING_PROPERTY = "benchTrackingId";
    static final String CONTENT_TYPE_PROPERTY = "benchContentType";

    private final JmsTemplate jms;
    private final PassthroughProperties properties;

    PassthroughController(JmsTemplate jms, PassthroughProperties properties) {
        this.jms = jms;
        this.properties = properties;
    }

    @PostMapping({"/referrals", "/fhir/$process-message"})
    ResponseEntity<Void> accept(@RequestBody byte[] body,
                                @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
        if (body.length > properties.maxBodyBytes()) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).build();
        }
        String trackingId = UUID.randomUUID().toString();
        // The same durable, blocking send as the hub's outbox relay: one producer per send on a cached session.
        jms.execute(session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            message.setStringProperty(TRACKING_PROPERTY, trackingId);
            if (contentType != null) {
                message.setStringProperty(CONTENT_TYPE_PROPERTY, contentType);
            }
            MessageProducer producer = session.createProducer(session.createQueue(properties.queue()));
            try {
                producer.send(message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
            } finally {
                producer.close();
            }
            return null;
        }, true);
        return ResponseEntity.accepted().location(URI.create("/referrals/" + trackingId))
                .header(PassthroughRoute.TRACKING_ID, trackingId).build();
    }
}
