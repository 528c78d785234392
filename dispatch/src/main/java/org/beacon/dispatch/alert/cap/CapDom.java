package org.beacon.dispatch.alert.cap;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The DOM side shared by {@link CapReader} and {@link CapValidator}: a parser that refuses a DOCTYPE (the only door
 * to external entities and entity-expansion bombs) and stops at the first error, and child lookups in the CAP
 * namespace.
 */
final class CapDom
{
    static final String NS = CapWriter.NAMESPACE;

    private CapDom()
    {
    }

    /**
     * Parses a document with a secure, namespace-aware parser that throws on the first error.
     *
     * @param xml the text.
     * @return the document.
     * @throws SAXException when it is not well-formed XML or has a DOCTYPE.
     * @throws IOException  never, for a string.
     */
    static Document parse(final String xml) throws SAXException, IOException
    {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        final DocumentBuilder builder;
        try
        {
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // A DOCTYPE is the only door to entities: closing it refuses XXE and entity expansion bombs alike.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            builder = factory.newDocumentBuilder();
        }
        catch (final ParserConfigurationException ex)
        {
            throw new IllegalStateException("the JDK XML parser does not support secure processing", ex);
        }
        builder.setErrorHandler(new ThrowingErrorHandler());
        builder.setEntityResolver((publicId, systemId) ->
        {
            throw new SAXException("refused to resolve external entity " + systemId);
        });
        return builder.parse(new InputSource(new StringReader(xml)));
    }

    /** @return the first child element of that name in the CAP namespace, or null. */
    static Element child(final Element parent, final String localName)
    {
        for (Node node = parent.getFirstChild(); null != node; node = node.getNextSibling())
        {
            if (node instanceof Element element && NS.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName()))
            {
                return element;
            }
        }
        return null;
    }

    /** @return every child element of that name in the CAP namespace, in document order. */
    static List<Element> children(final Element parent, final String localName)
    {
        final List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); null != node; node = node.getNextSibling())
        {
            if (node instanceof Element element && NS.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName()))
            {
                elements.add(element);
            }
        }
        return elements;
    }

    /** Stops at the first error; warnings are not well-formedness problems. */
    static final class ThrowingErrorHandler implements ErrorHandler
    {
        @Override
        public void warning(final SAXParseException ex)
        {
            // Not a well-formedness problem.
        }

        @Override
        public void error(final SAXParseException ex) throws SAXException
        {
            throw ex;
        }

        @Override
        public void fatalError(final SAXParseException ex) throws SAXException
        {
            throw ex;
        }
    }
}
