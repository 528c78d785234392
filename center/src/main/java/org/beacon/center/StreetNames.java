package org.beacon.center;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The street names of a SUMO network, for the consoles' map: each normal edge's {@code name} attribute (netconvert
 * keeps OpenStreetMap's {@code name} there), by edge id. Names are data, read as the file's encoding says (UTF-8:
 * "Nguyễn Huệ" keeps its diacritics). Only the map uses them; the state machine's road graph does not.
 */
public final class StreetNames
{
    private StreetNames()
    {
    }

    /**
     * @param netFile a {@code .net.xml} file, plain or gzip.
     * @return edge id to street name, for the edges that have one (empty when the file names none).
     * @throws IOException when the file cannot be read or is not XML.
     */
    public static Map<String, String> read(final Path netFile) throws IOException
    {
        try (InputStream in = Files.newInputStream(netFile))
        {
            return read(in);
        }
    }

    /**
     * @param source the network's bytes, plain or gzip (not closed).
     * @return edge id to street name.
     * @throws IOException when the bytes cannot be read or are not XML.
     */
    public static Map<String, String> read(final InputStream source) throws IOException
    {
        final BufferedInputStream in = new BufferedInputStream(source);
        in.mark(2);
        final int b0 = in.read();
        final int b1 = in.read();
        in.reset();
        final InputStream xml = 0x1f == b0 && 0x8b == b1 ? new GZIPInputStream(in) : in;
        final XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        final Map<String, String> names = new TreeMap<>();
        try
        {
            final XMLStreamReader r = factory.createXMLStreamReader(xml);
            while (r.hasNext())
            {
                if (XMLStreamConstants.START_ELEMENT == r.next() && "edge".equals(r.getLocalName()))
                {
                    final String id = r.getAttributeValue(null, "id");
                    final String name = r.getAttributeValue(null, "name");
                    if (null != id && null != name && !name.isBlank() && !"internal".equals(r.getAttributeValue(null, "function")))
                    {
                        names.put(id, name.strip());
                    }
                }
            }
            r.close();
        }
        catch (final XMLStreamException ex)
        {
            throw new IOException("the road network is not readable XML: " + ex.getMessage(), ex);
        }
        return names;
    }
}
