package org.beacon.dispatch.location;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cell sites loaded from a CSV file in OpenCelliD's column layout:
 * {@code radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal},
 * plus an optional 15th column {@code azimuth} (degrees clockwise from true north) for sectors.
 * A header line starting with {@code radio} and lines starting with {@code #} are skipped. A row that
 * does not validate is skipped and counted (with the first few reasons kept); one bad row never keeps
 * the rest out. When a cell appears twice, the row with more samples wins (the first on a tie).
 *
 * <p>Read-only after loading, so it may be shared between threads.
 */
public final class CellDatabase
{
    /** Largest coverage range accepted, metres; larger figures in crowd-sourced data are noise. */
    public static final int MAX_RANGE_M = 100_000;
    /** Problems kept for the report; the count goes on. */
    public static final int MAX_PROBLEMS_KEPT = 20;

    private static final int COLUMNS = 14;

    /**
     * One cell site.
     *
     * @param identity   its global identity.
     * @param latDeg     latitude of the site (or of the cell's estimated centre), degrees.
     * @param lonDeg     longitude, degrees.
     * @param rangeM     estimated coverage radius, metres (0 when the source had none).
     * @param samples    measurements behind the estimate.
     * @param azimuthDeg direction the sector antenna points at, degrees from north, or NaN when unknown.
     */
    public record Cell(CellIdentity identity, double latDeg, double lonDeg, int rangeM, int samples, double azimuthDeg)
    {
        /** @return whether the row gave a sector azimuth. */
        public boolean hasAzimuth()
        {
            return !Double.isNaN(azimuthDeg);
        }
    }

    private record Key(int mcc, int mnc, int area, long cellId)
    {
    }

    private final Map<Key, Cell> cells;
    private final int rejectedRows;
    private final List<String> problems;

    private CellDatabase(final Map<Key, Cell> cells, final int rejectedRows, final List<String> problems)
    {
        this.cells = cells;
        this.rejectedRows = rejectedRows;
        this.problems = problems;
    }

    /**
     * Loads a CSV file.
     *
     * @param csv the file.
     * @return the database.
     * @throws IOException when the file cannot be read.
     */
    public static CellDatabase load(final Path csv) throws IOException
    {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8))
        {
            return load(reader);
        }
    }

    /**
     * Loads a CSV from the class path, e.g. {@code cells/hcmc-cells.csv}.
     *
     * @param resource the resource name.
     * @return the database.
     * @throws IOException when the resource is missing or unreadable.
     */
    public static CellDatabase loadResource(final String resource) throws IOException
    {
        final InputStream in = CellDatabase.class.getClassLoader().getResourceAsStream(resource);
        if (null == in)
        {
            throw new IOException("no class-path resource " + resource);
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8))
        {
            return load(reader);
        }
    }

    /**
     * Loads CSV text.
     *
     * @param reader the text; not closed.
     * @return the database.
     * @throws IOException when reading fails.
     */
    public static CellDatabase load(final Reader reader) throws IOException
    {
        final BufferedReader lines = reader instanceof BufferedReader ? (BufferedReader)reader : new BufferedReader(reader);
        final Map<Key, Cell> cells = new HashMap<>();
        final List<String> problems = new ArrayList<>();
        int rejected = 0;
        int lineNumber = 0;
        String line;
        while (null != (line = lines.readLine()))
        {
            lineNumber++;
            final String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.toLowerCase(Locale.ROOT).startsWith("radio,"))
            {
                continue;
            }
            final String[] fields = trimmed.split(",", -1);
            final String problem;
            Cell cell = null;
            if (fields.length != COLUMNS && fields.length != COLUMNS + 1)
            {
                problem = fields.length + " columns, expected " + COLUMNS + " or " + (COLUMNS + 1);
            }
            else
            {
                final Object parsed = parseRow(fields);
                if (parsed instanceof Cell)
                {
                    cell = (Cell)parsed;
                    problem = null;
                }
                else
                {
                    problem = (String)parsed;
                }
            }
            if (null != problem)
            {
                rejected++;
                if (problems.size() < MAX_PROBLEMS_KEPT)
                {
                    problems.add("line " + lineNumber + ": " + problem);
                }
                continue;
            }
            final CellIdentity id = cell.identity();
            final Key key = new Key(id.mcc(), id.mnc(), id.area(), id.cellId());
            final Cell existing = cells.get(key);
            if (null == existing || cell.samples() > existing.samples())
            {
                cells.put(key, cell);
            }
        }
        return new CellDatabase(cells, rejected, Collections.unmodifiableList(problems));
    }

    /** @return the cell, or a String saying what is wrong with the row. */
    private static Object parseRow(final String[] f)
    {
        final CellIdentity.Radio radio;
        try
        {
            radio = CellIdentity.Radio.valueOf(f[0].trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            return "radio '" + PidfLoParser.printable(f[0], 16) + "' is not GSM, UMTS, LTE, NR or CDMA";
        }
        final long mcc = integer(f[1], 0, 999);
        final long mnc = integer(f[2], 0, 999);
        final long area = integer(f[3], 0, 0xFF_FFFF);
        final long cellId = integer(f[4], 0, 0xF_FFFF_FFFFL);
        if (mcc < 0 || mnc < 0 || area < 0 || cellId < 0)
        {
            return "mcc, net, area or cell is not a whole number in range";
        }
        final double lon = decimal(f[6]);
        final double lat = decimal(f[7]);
        if (!Geodesy.validLatitude(lat) || !Geodesy.validLongitude(lon))
        {
            return "lat/lon missing or outside the globe";
        }
        final long range = f[8].trim().isEmpty() ? 0 : integer(f[8], 0, MAX_RANGE_M);
        if (range < 0)
        {
            return "range is not a whole number of metres in [0, " + MAX_RANGE_M + "]";
        }
        final long samples = f[9].trim().isEmpty() ? 0 : integer(f[9], 0, Integer.MAX_VALUE);
        if (samples < 0)
        {
            return "samples is not a whole number";
        }
        double azimuth = Double.NaN;
        if (f.length > COLUMNS && !f[COLUMNS].trim().isEmpty())
        {
            azimuth = decimal(f[COLUMNS]);
            if (!(azimuth >= 0.0 && azimuth <= 360.0))
            {
                return "azimuth is not in [0, 360]";
            }
        }
        return new Cell(new CellIdentity(radio, (int)mcc, (int)mnc, (int)area, cellId), lat, lon, (int)range, (int)samples, azimuth);
    }

    private static long integer(final String text, final long min, final long max)
    {
        final String s = text.trim();
        if (s.isEmpty() || s.length() > 12)
        {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value < min || value > max ? -1 : value;
    }

    private static double decimal(final String text)
    {
        final String s = text.trim();
        if (s.isEmpty() || s.length() > 32 || !s.matches("[+-]?\\d{1,3}(\\.\\d{1,15})?"))
        {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }

    /**
     * Looks a cell up.
     *
     * @return the cell, or null when unknown.
     */
    public Cell find(final int mcc, final int mnc, final int area, final long cellId)
    {
        return cells.get(new Key(mcc, mnc, area, cellId));
    }

    /** @return the number of cells loaded. */
    public int size()
    {
        return cells.size();
    }

    /** @return the number of rows skipped because they did not validate. */
    public int rejectedRows()
    {
        return rejectedRows;
    }

    /** @return the first few reasons rows were skipped, with their line numbers. */
    public List<String> problems()
    {
        return problems;
    }
}
