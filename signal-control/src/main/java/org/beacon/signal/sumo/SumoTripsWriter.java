package org.beacon.signal.sumo;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A SUMO routes file of background {@code <trip>}s, ids {@code bg0, bg1, …} in the order written; SUMO routes each
 * trip itself. The demo's background traffic and the green-wave bench's both come through here; each keeps its
 * own seeded departures and edge draws, which decide its traffic.
 */
public final class SumoTripsWriter implements Closeable
{
    private final Writer out;
    private final String tail;
    private int count;

    /**
     * Opens the file and writes its header.
     *
     * @param file        the routes file to write.
     * @param departSpeed SUMO's {@code departSpeed} of every trip (e.g. {@code "max"}), or null for SUMO's default.
     * @throws IOException when the file cannot be written.
     */
    public SumoTripsWriter(final Path file, final String departSpeed) throws IOException
    {
        this.tail = null == departSpeed ? "/>" : " departSpeed=\"" + xml(departSpeed) + "\"/>";
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        try
        {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<routes>\n");
        }
        catch (final IOException ex)
        {
            out.close();
            throw ex;
        }
    }

    /**
     * Writes one trip.
     *
     * @param departS  departure time, seconds.
     * @param fromEdge SUMO edge id the trip starts on.
     * @param toEdge   SUMO edge id the trip ends on.
     * @throws IOException when the file cannot be written.
     */
    public void trip(final double departS, final String fromEdge, final String toEdge) throws IOException
    {
        out.write(String.format(Locale.ROOT, "  <trip id=\"bg%d\" depart=\"%.2f\" from=\"%s\" to=\"%s\" departLane=\"best\"%s%n",
            count, departS, xml(fromEdge), xml(toEdge), tail));
        count++;
    }

    /** @return trips written. */
    public int count()
    {
        return count;
    }

    /**
     * Writes the footer and closes the file.
     *
     * @throws IOException when the file cannot be written.
     */
    @Override
    public void close() throws IOException
    {
        try (out)
        {
            out.write("</routes>\n");
        }
    }

    private static String xml(final String text)
    {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
