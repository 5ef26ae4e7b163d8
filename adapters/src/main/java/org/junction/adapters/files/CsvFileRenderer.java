package org.junction.adapters.files;

import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.protection.OutboundProtection;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;

/**
 * Prepares one file delivery: renders the referral in the partner's format, in memory, and names
 * the file after the dispatch's request id, which is the same on every attempt: a repeat replaces
 * the earlier upload instead of adding a second file for the partner to process.
 */
class CsvFileRenderer implements Processor {

    private final String partnerId;
    private final OutboundMapper format;
    private final Clock clock;
    private final OutboundProtection.Protector protection;

    CsvFileRenderer(String partnerId, OutboundMapper format, Clock clock) {
        this(partnerId, format, clock, OutboundProtection.Protector.NONE);
    }

    CsvFileRenderer(String partnerId, OutboundMapper format, Clock clock, OutboundProtection.Protector protection) {
        this.protection = protection;
        this.partnerId = partnerId;
        this.format = format;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        var dispatch = exchange.getProperty(RouteTemplates.DISPATCH, BrokerHeaders.Dispatch.class);
        var message = exchange.getMessage();
        Bundle bundle = message.getMandatoryBody(Bundle.class);
        byte[] body = protection.apply(format.renderDispatch(bundle, new RenderContext(partnerId, clock.instant())),
                format.mediaType()).body();
        // The broker's headers are the hub's business; Camel's file producer would read some of
        // them (a file name, say) as instructions.
        message.removeHeaders("*");
        message.setHeader(Exchange.FILE_NAME, protection.fileName(fileName(dispatch.requestId())));
        message.setBody(body);
    }

    /** The receipt of a delivery: the name of the file on the partner's server. */
    static void receipt(Exchange exchange) {
        String produced = exchange.getMessage().getHeader(Exchange.FILE_NAME_PRODUCED, String.class);
        exchange.setProperty(RouteTemplates.RECEIPT,
                produced != null ? produced : exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class));
    }

    static String fileName(String requestId) {
        return requestId.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv";
    }
}
