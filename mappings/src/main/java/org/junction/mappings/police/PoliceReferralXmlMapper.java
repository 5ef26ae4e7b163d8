package org.junction.mappings.police;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.schema.XmlSchemas;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Police vulnerability referral, XML version 1: the content of {@code police-referral-json-v1} as
 * XML. The document is parsed with DTDs and external entities refused, validated against
 * {@code schemas/police-referral-xml-v1.xsd}, and then turned into the JSON tree of the JSON
 * format, so both formats share one reader and give identical Bundles for the same content.
 */
public final class PoliceReferralXmlMapper implements InboundMapper {

    public static final String ID = "police-referral-xml-v1";
    public static final String NAMESPACE = "https://fhir.junction-hub.org/schemas/police-referral-xml-v1";

    // Wrapper elements whose children are the items of a JSON array.
    private static final Set<String> WRAPPERS = Set.of("relatedPersons", "concerns", "addresses", "contacts");
    // Repeated string elements and the JSON array each one becomes.
    private static final Map<String, String> REPEATED = Map.of(
            "given", "given", "alias", "aliases", "line", "lines", "descriptor", "descriptors");
    private static final Set<String> BOOLEANS = Set.of("birthDateApproximate", "interpreterRequired", "safeToContact",
            "presentAtIncident", "professionalJudgement", "maracReferral", "restrictedDisclosure",
            "immediateRiskToLife");
    private static final Set<String> INTEGERS = Set.of("score");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Bundle map(byte[] input, MappingContext ctx) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(ctx, "ctx");
        Document document = parse(input);
        List<Violation> invalid = XmlSchemas.validate(ID, input);
        if (!invalid.isEmpty()) {
            // Positions are all the XSD validator can name; a rule check on a document that does
            // not match its schema would only add noise.
            throw new MappingException(ID, invalid);
        }
        JsonNode tree = toJson(document.getDocumentElement());
        ReferralModel model = PoliceReferralReader.read(ID, tree, ctx, List.of());
        return ReferralBundles.toBundle(model, ctx);
    }

    /**
     * Parses with everything that could reach outside the document switched off: a DOCTYPE is an
     * error, so neither external nor internal entities (XXE, "billion laughs") are ever expanded.
     */
    static Document parse(byte[] input) {
        try {
            DocumentBuilder builder = hardenedFactory().newDocumentBuilder();
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are refused");
            });
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // not a reason to refuse
                }

                @Override
                public void error(SAXParseException e) throws SAXParseException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXParseException {
                    throw e;
                }
            });
            return builder.parse(new ByteArrayInputStream(input));
        } catch (SAXParseException e) {
            throw new MappingException(ID, List.of(notWellFormed(e)));
        } catch (SAXException | IOException e) {
            throw new MappingException(ID, List.of(Violation.malformed("$", "could not be read as XML")));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser cannot be hardened", e);
        }
    }

    private static DocumentBuilderFactory hardenedFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    // The parser's message may quote the document, so only the position is reported; a DOCTYPE
    // is named because it is the one refusal a sender needs explained.
    private static Violation notWellFormed(SAXParseException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String where = "$[line " + e.getLineNumber() + ", column " + e.getColumnNumber() + "]";
        if (message.contains("DOCTYPE")) {
            return Violation.malformed(where, "must not contain a DOCTYPE: DTDs and entities are refused");
        }
        return Violation.malformed(where, "is not well-formed XML");
    }

    /** The JSON shape of an element of the (schema-valid) document. */
    static ObjectNode toJson(Element element) {
        ObjectNode object = NODES.objectNode();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element item)) {
                continue;
            }
            String name = item.getLocalName();
            if (WRAPPERS.contains(name)) {
                ArrayNode array = object.putArray(name);
                for (Node entry = item.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
                    if (entry instanceof Element e) {
                        array.add(hasElementChildren(e) ? toJson(e) : NODES.textNode(e.getTextContent()));
                    }
                }
            } else if (REPEATED.containsKey(name)) {
                JsonNode existing = object.get(REPEATED.get(name));
                ArrayNode array = existing instanceof ArrayNode a ? a : object.putArray(REPEATED.get(name));
                array.add(item.getTextContent());
            } else if (hasElementChildren(item)) {
                object.set(name, toJson(item));
            } else {
                object.set(name, leaf(name, item.getTextContent()));
            }
        }
        return object;
    }

    private static JsonNode leaf(String name, String text) {
        String value = text.strip();
        if (BOOLEANS.contains(name)) {
            return NODES.booleanNode("true".equals(value) || "1".equals(value));
        }
        if (INTEGERS.contains(name)) {
            return NODES.numberNode(Integer.parseInt(value));
        }
        return NODES.textNode(text);
    }

    private static boolean hasElementChildren(Element element) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element) {
                return true;
            }
        }
        return false;
    }
}
