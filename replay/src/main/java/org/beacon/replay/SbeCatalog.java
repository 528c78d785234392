package org.beacon.replay;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.agrona.DirectBuffer;
import org.beacon.codecs.MessageHeaderDecoder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Names of the messages and fields of Beacon's SBE schema, for auditors' reports: "IncidentOpened"
 * rather than "template 101", "openedAtNs" rather than "byte 36". Message names come from the schema
 * file packaged with the codecs ({@code sbe/beacon-schema.xml}), so new messages are named without a
 * change here; field offsets come from the generated decoders. Not for hot paths.
 */
public final class SbeCatalog
{
    private static final String SCHEMA_RESOURCE = "sbe/beacon-schema.xml";
    private static final String CODEC_PACKAGE = "org.beacon.codecs.";
    private static final String[] HEADER_FIELDS = {"blockLength", "templateId", "schemaId", "version"};
    private static final SbeCatalog DEFAULT = load();

    private final Map<Integer, Message> messages;

    private record Field(String name, int offset, int length)
    {
    }

    private record Message(String name, List<Field> fields)
    {
    }

    private SbeCatalog(final Map<Integer, Message> messages)
    {
        this.messages = messages;
    }

    /** @return the catalog of the schema the codecs were generated from. */
    public static SbeCatalog schema()
    {
        return DEFAULT;
    }

    private static SbeCatalog load()
    {
        final Map<Integer, Message> messages = new TreeMap<>();
        try (InputStream in = SbeCatalog.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE))
        {
            if (null == in)
            {
                return new SbeCatalog(messages);
            }
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            final Document document = factory.newDocumentBuilder().parse(in);
            final NodeList nodes = document.getElementsByTagName("sbe:message");
            for (int i = 0; i < nodes.getLength(); i++)
            {
                final Element element = (Element)nodes.item(i);
                final String name = element.getAttribute("name");
                final int id = Integer.parseInt(element.getAttribute("id").trim());
                messages.put(id, new Message(name, fields(name, element)));
            }
        }
        catch (final IOException | ParserConfigurationException | SAXException | RuntimeException ex)
        {
            // Names are a convenience for reports; without them templates are shown by number.
            messages.clear();
        }
        return new SbeCatalog(messages);
    }

    private static List<Field> fields(final String messageName, final Element message)
    {
        final List<Field> fields = new ArrayList<>();
        final Class<?> decoder;
        try
        {
            decoder = Class.forName(CODEC_PACKAGE + messageName + "Decoder");
        }
        catch (final ClassNotFoundException ex)
        {
            return fields;
        }
        final NodeList nodes = message.getElementsByTagName("field");
        for (int i = 0; i < nodes.getLength(); i++)
        {
            final String name = ((Element)nodes.item(i)).getAttribute("name");
            try
            {
                final Method offset = decoder.getMethod(name + "EncodingOffset");
                final Method length = decoder.getMethod(name + "EncodingLength");
                fields.add(new Field(name, (Integer)offset.invoke(null), (Integer)length.invoke(null)));
            }
            catch (final ReflectiveOperationException | RuntimeException ex)
            {
                // A field the decoder does not expose (a newer schema than the codecs): left unnamed.
            }
        }
        return Collections.unmodifiableList(fields);
    }

    /**
     * The name of a message.
     *
     * @param templateId from the SBE message header.
     * @return its name, or "template N" when the schema does not know it.
     */
    public String templateName(final int templateId)
    {
        final Message message = messages.get(templateId);
        return null == message ? "template " + templateId : message.name();
    }

    /**
     * The name of the message held in a buffer, read from its SBE header.
     *
     * @param buffer holding the message.
     * @param offset of its header.
     * @param length of the message.
     * @return its name, "template N" when unknown, or a note when the bytes cannot hold a header.
     */
    public String messageName(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return "a " + length + "-byte message";
        }
        final int schemaId = buffer.getShort(offset + MessageHeaderDecoder.schemaIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        final int templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(),
            MessageHeaderDecoder.BYTE_ORDER) & 0xFFFF;
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID)
        {
            return "template " + templateId + " of schema " + schemaId;
        }
        return templateName(templateId);
    }

    /**
     * Names the field a byte of a message belongs to.
     *
     * @param templateId  the message's template.
     * @param blockLength the message's block length, from its header.
     * @param index       the byte's position from the start of the message header.
     * @return what the byte belongs to ("header templateId", "field openedAtNs", "variable-length data"), or null
     *     when unknown.
     */
    public String fieldAt(final int templateId, final int blockLength, final int index)
    {
        if (index < 0)
        {
            return null;
        }
        if (index < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return "header " + HEADER_FIELDS[index / 2];
        }
        final int blockIndex = index - MessageHeaderDecoder.ENCODED_LENGTH;
        if (blockIndex >= blockLength)
        {
            return "variable-length data";
        }
        final Message message = messages.get(templateId);
        if (null != message)
        {
            for (final Field field : message.fields())
            {
                if (blockIndex >= field.offset() && blockIndex < field.offset() + field.length())
                {
                    return "field " + field.name();
                }
            }
        }
        return null;
    }
}
