package org.junction.adapters.jms;

import java.util.regex.Pattern;
import org.junction.adapters.intake.BrokerHeaders;

/**
 * The message properties of the jms adapter's contract with partners: the broker-level twins of
 * the HTTP API's X-Request-ID and X-Correlation-ID. Ids and codes only: anyone allowed to browse
 * a queue sees them.
 */
public final class JmsMessageProperties {

    /** The sender's idempotency key: a message sent again with the same value is stored once. */
    public static final String REQUEST_ID = "JunctionRequestId";
    /** Groups a conversation; defaults to the request id. */
    public static final String CORRELATION_ID = BrokerHeaders.CORRELATION_ID;
    /** The format of an outbound message's body (its mapper id). */
    public static final String FORMAT = "JunctionFormat";
    /** The media type of an outbound message's body. */
    public static final String CONTENT_TYPE = "JunctionContentType";
    /** Of an outbound body encrypted to the partner's certificate: the media type of what is inside. */
    public static final String INNER_CONTENT_TYPE = "JunctionInnerContentType";
    /** On a dead-lettered message: why it was refused, a code such as {@code MALFORMED}. */
    public static final String FAILURE_REASON = BrokerHeaders.FAILURE_REASON;
    /** On a dead-lettered message: who sent it. */
    public static final String SENDER = BrokerHeaders.SENDER;
    /** On a dead-lettered message: the JMS message id it had on the partner's inbound queue. */
    public static final String ORIGINAL_MESSAGE_ID = "JunctionOriginalMessageId";
    /** A detached JWS over the body, from a partner whose source has {@code signature: jws}. */
    public static final String JWS_SIGNATURE = "JunctionJwsSignature";
    /**
     * On an inbound message that is not a referral: what it is. {@value #RECALL_ACKNOWLEDGEMENT}
     * acknowledges a cancellation notice the partner received on its outbound queue.
     */
    public static final String MESSAGE_TYPE = "JunctionMessageType";
    public static final String RECALL_ACKNOWLEDGEMENT = "RECALL_ACKNOWLEDGEMENT";
    /**
     * On a recall acknowledgement: the {@code recallId} of the cancellation notice, or the recalled
     * referral's tracking id. When absent the body, as text, is read as the id.
     */
    public static final String RECALL_ID = "JunctionRecallId";

    /** The same ids the HTTP API accepts, so a partner can use one id scheme on both. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private JmsMessageProperties() {
    }

    static boolean validId(String value) {
        return value != null && ID.matcher(value).matches();
    }
}
