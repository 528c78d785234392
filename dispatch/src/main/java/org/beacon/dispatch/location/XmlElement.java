package org.beacon.dispatch.location;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small, bounded element tree read with StAX: namespace-aware, no DTD, no external or internal
 * entities, and hard limits on depth, element count and text, so that a hostile body costs at most a
 * few hundred kilobytes and a few milliseconds. Only what location parsing needs is kept: element
 * names, unqualified attributes and text.
 */
final class XmlElement
{
    /** Deepest nesting accepted. A PIDF-LO polygon sits about ten levels down. */
    static final int MAX_DEPTH = 32;
    /** Most elements accepted in one document. */
    static final int MAX_ELEMENTS = 4096;
    /** Most attributes accepted on one element. */
    static final int MAX_ATTRIBUTES = 32;

    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(XmlElement::newFactory);

    final String namespace;
    final String localName;
    final String[] attributes;
    final List<XmlElement> children = new ArrayList<>(4);
    private StringBuilder text;

    private XmlElement(final String namespace, final String localName, final String[] attributes)
    {
        this.namespace = namespace;
        this.localName = localName;
        this.attributes = attributes;
    }

    /** Thrown when a document breaks a limit or uses a forbidden construct; no stack trace. */
    static final class LimitException extends Exception
    {
        private static final long serialVersionUID = 1L;

        LimitException(final String message)
        {
            super(message, null, false, false);
        }
    }

    private static XMLInputFactory newFactory()
    {
        // the JDK's own implementation, whatever else is on the class path, so the settings below are known to hold
        final XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        factory.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, Boolean.FALSE);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) ->
        {
            throw new XMLStreamException("external resources are not fetched");
        });
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    private static void trySet(final XMLInputFactory factory, final String name, final Object value)
    {
        try
        {
            factory.setProperty(name, value);
        }
        catch (final IllegalArgumentException ignored)
        {
            // an implementation without the property has nothing to switch off
        }
    }

    /**
     * Reads a whole document.
     *
     * @return the root element.
     * @throws XMLStreamException when the bytes are not well-formed XML.
     * @throws LimitException     when the document breaks a limit or declares a DTD.
     */
    static XmlElement read(final byte[] body, final int offset, final int length) throws XMLStreamException, LimitException
    {
        final XMLStreamReader reader = FACTORY.get().createXMLStreamReader(new StringReader(decode(body, offset, length)));
        try
        {
            return read(reader, length);
        }
        finally
        {
            reader.close();
        }
    }

    /**
     * Decodes the bytes strictly before StAX sees them: the JDK parser reports undecodable bytes on
     * standard error as well as by exception, and a gateway must not write caller bytes to a console.
     * UTF-16 is recognised by its byte order mark; otherwise the XML declaration's encoding is honoured
     * when it is UTF-8, US-ASCII or ISO-8859-1, and anything else is refused.
     */
    private static String decode(final byte[] body, final int offset, final int length) throws LimitException
    {
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (length >= 2 && (body[offset] & 0xFF) == 0xFE && (body[offset + 1] & 0xFF) == 0xFF)
        {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        }
        else if (length >= 2 && (body[offset] & 0xFF) == 0xFF && (body[offset + 1] & 0xFF) == 0xFE)
        {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        else
        {
            if (length >= 3 && (body[offset] & 0xFF) == 0xEF && (body[offset + 1] & 0xFF) == 0xBB && (body[offset + 2] & 0xFF) == 0xBF)
            {
                skip = 3;
            }
            final String declared = declaredEncoding(body, offset + skip, length - skip);
            if (null != declared)
            {
                switch (declared.toUpperCase(java.util.Locale.ROOT))
                {
                    case "UTF-8":
                    case "UTF8":
                        break;
                    case "US-ASCII":
                    case "ASCII":
                        charset = StandardCharsets.US_ASCII;
                        break;
                    case "ISO-8859-1":
                    case "LATIN1":
                        charset = StandardCharsets.ISO_8859_1;
                        break;
                    default:
                        throw new LimitException("unsupported XML encoding '" + PidfLoParser.printable(declared, 24) + "'");
                }
            }
        }
        try
        {
            return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body, offset + skip, length - skip))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw new LimitException("the body is not valid " + charset.name());
        }
    }

    /** @return the encoding named in an XML declaration at the start of the bytes, or null. */
    private static String declaredEncoding(final byte[] body, final int offset, final int length)
    {
        final int window = StrictMath.min(length, 200);
        final String head = new String(body, offset, window, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("<?xml"))
        {
            return null;
        }
        final int end = head.indexOf("?>");
        final int at = head.indexOf("encoding");
        if (at < 0 || (end >= 0 && at > end))
        {
            return null;
        }
        int i = at + "encoding".length();
        while (i < head.length() && (head.charAt(i) == ' ' || head.charAt(i) == '='))
        {
            i++;
        }
        if (i >= head.length() || (head.charAt(i) != '"' && head.charAt(i) != '\''))
        {
            return null;
        }
        final int close = head.indexOf(head.charAt(i), i + 1);
        return close < 0 ? null : head.substring(i + 1, close).trim();
    }

    private static XmlElement read(final XMLStreamReader reader, final int maxText) throws XMLStreamException, LimitException
    {
        final XmlElement[] stack = new XmlElement[MAX_DEPTH + 1];
        int depth = 0;
        int elements = 0;
        int textChars = 0;
        XmlElement root = null;
        while (reader.hasNext())
        {
            final int event = reader.next();
            switch (event)
            {
                case XMLStreamConstants.START_ELEMENT:
                {
                    if (depth == MAX_DEPTH)
                    {
                        throw new LimitException("elements nested deeper than " + MAX_DEPTH);
                    }
                    if (++elements > MAX_ELEMENTS)
                    {
                        throw new LimitException("more than " + MAX_ELEMENTS + " elements");
                    }
                    final int count = reader.getAttributeCount();
                    if (count > MAX_ATTRIBUTES)
                    {
                        throw new LimitException("more than " + MAX_ATTRIBUTES + " attributes on one element");
                    }
                    final String[] attributes = new String[count * 2];
                    int kept = 0;
                    for (int i = 0; i < count; i++)
                    {
                        final String ns = reader.getAttributeNamespace(i);
                        if (null == ns || ns.isEmpty())
                        {
                            attributes[kept++] = reader.getAttributeLocalName(i);
                            attributes[kept++] = reader.getAttributeValue(i);
                        }
                    }
                    final String ns = reader.getNamespaceURI();
                    final XmlElement element = new XmlElement(null == ns ? "" : ns, reader.getLocalName(),
                        kept == attributes.length ? attributes : java.util.Arrays.copyOf(attributes, kept));
                    if (depth == 0)
                    {
                        root = element;
                    }
                    else
                    {
                        stack[depth - 1].children.add(element);
                    }
                    stack[depth++] = element;
                    break;
                }
                case XMLStreamConstants.END_ELEMENT:
                    depth--;
                    break;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    if (depth > 0)
                    {
                        final int n = reader.getTextLength();
                        textChars += n;
                        if (textChars > maxText)
                        {
                            throw new LimitException("more text than the body holds");
                        }
                        final XmlElement current = stack[depth - 1];
                        if (null == current.text)
                        {
                            current.text = new StringBuilder(n);
                        }
                        current.text.append(reader.getTextCharacters(), reader.getTextStart(), n);
                    }
                    break;
                case XMLStreamConstants.DTD:
                    throw new LimitException("a DTD is not allowed in a location body");
                case XMLStreamConstants.ENTITY_REFERENCE:
                case XMLStreamConstants.ENTITY_DECLARATION:
                case XMLStreamConstants.NOTATION_DECLARATION:
                    throw new LimitException("entities are not allowed in a location body");
                default:
                    break;
            }
        }
        if (null == root)
        {
            throw new XMLStreamException("no root element");
        }
        return root;
    }

    /** @return whether this element has the given name. */
    boolean is(final String ns, final String local)
    {
        return localName.equals(local) && namespace.equals(ns);
    }

    /** @return the first child with the given name, or null. */
    XmlElement child(final String ns, final String local)
    {
        for (int i = 0; i < children.size(); i++)
        {
            final XmlElement child = children.get(i);
            if (child.is(ns, local))
            {
                return child;
            }
        }
        return null;
    }

    /** @return every child with the given name, in document order. */
    List<XmlElement> children(final String ns, final String local)
    {
        final List<XmlElement> found = new ArrayList<>(2);
        for (int i = 0; i < children.size(); i++)
        {
            final XmlElement child = children.get(i);
            if (child.is(ns, local))
            {
                found.add(child);
            }
        }
        return found;
    }

    /** Collects every descendant (not this element) with the given name, in document order. */
    void collect(final String ns, final String local, final List<XmlElement> into)
    {
        for (int i = 0; i < children.size(); i++)
        {
            final XmlElement child = children.get(i);
            if (child.is(ns, local))
            {
                into.add(child);
            }
            child.collect(ns, local, into);
        }
    }

    /** @return the value of an unqualified attribute, or null. */
    String attribute(final String local)
    {
        for (int i = 0; i < attributes.length; i += 2)
        {
            if (attributes[i].equals(local))
            {
                return attributes[i + 1];
            }
        }
        return null;
    }

    /** @return the element's own text, trimmed; empty when none. */
    String text()
    {
        return null == text ? "" : text.toString().trim();
    }

    /** @return a printable name for diagnostics: {namespace}local, shortened. */
    String displayName()
    {
        final String name = "{" + namespace + "}" + localName;
        return PidfLoParser.printable(name, 96);
    }
}
