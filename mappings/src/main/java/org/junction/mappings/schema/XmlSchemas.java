package org.junction.mappings.schema;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junction.mappings.problem.Violation;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;
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
            validator.validate(new SAXSource(hardenedReader(), new InputSource(new ByteArrayInputStream(xml))));
        } catch (SAXParseException e) {
            violations.add(at(e, "is not well-formed XML"));
        } catch (SAXException | IOException e) {
            violations.add(Violation.malformed("$", "could not be read as XML"));
        }
        return violations;
    }

    /**
     * The validator's own parser would read a DOCTYPE and expand internal entities ("billion
     * laughs") before checking anything; this reader refuses the DOCTYPE itself, so this class is
     * safe on its own and not only behind a hardened parse.
     */
    private static XMLReader hardenedReader() throws SAXException {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            XMLReader reader = factory.newSAXParser().getXMLReader();
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return reader;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK SAX parser cannot be hardened", e);
        }
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
