package org.junction.mappings.schema;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junction.mappings.problem.Violation;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Validates partner XML against the format's XSD ({@code /schemas/<mapper-id>.xsd} on the
 * classpath) before any mapping. External entities and DTDs are refused: partner input is
 * untrusted. A violation names the line and column only, because the parser's own messages quote
 * element content.
 */
public final class XmlSchemas {

    private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

    private XmlSchemas() {
    }

    public static List<Violation> validate(String mapperId, byte[] xml) {
        Schema schema = CACHE.computeIfAbsent(mapperId, XmlSchemas::load);
        Validator validator = schema.newValidator();
        List<Violation> violations = new ArrayList<>();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // warnings do not make input invalid
                }

                @Override
                public void error(SAXParseException e) {
                    violations.add(at(e, "does not match the " + mapperId + " schema"));
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXParseException {
                    throw e;
                }
            });
            validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
        } catch (SAXParseException e) {
            violations.add(at(e, "is not well-formed XML"));
        } catch (SAXException | IOException e) {
            violations.add(Violation.malformed("$", "could not be read as XML"));
        }
        return violations;
    }

    private static Violation at(SAXParseException e, String reason) {
        return Violation.malformed("$[line " + e.getLineNumber() + ", column " + e.getColumnNumber() + "]", reason);
    }

    private static Schema load(String mapperId) {
        URL url = XmlSchemas.class.getResource("/schemas/" + mapperId + ".xsd");
        if (url == null) {
            throw new IllegalStateException("no XSD published for " + mapperId);
        }
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(url);
        } catch (SAXException e) {
            throw new IllegalStateException("the XSD of " + mapperId + " is invalid", e);
        }
    }
}
