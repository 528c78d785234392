package org.beacon.dispatch.location;

import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;

/**
 * Turns a serving cell into a network location: the first fix a call gets when nothing better
 * exists, with kilometres of uncertainty.
 *
 * <p>A cell without azimuth gives a CIRCLE: the site and its coverage range. A cell with an azimuth
 * gives a CELL_SECTOR of the configured width (120 degrees, a three-sector site, by default): the
 * point is pushed from the site along the azimuth and the radius is that of the smallest circle
 * holding the whole sector. With half-width a and range R that circle is centred at R cos a with
 * radius R sin a when a is at least 45 degrees (for 120 degrees: half the range out, radius
 * 0.866 R), and at R / (2 cos a) with that same radius for narrower sectors. The range is never
 * taken below a floor ({@value #DEFAULT_MINIMUM_RANGE_M} m by default): crowd-sourced ranges of a
 * few metres come from too few samples. The radius is a coverage bound, not a statistical one, so
 * the confidence is reported as unknown (0).
 */
public final class CellLocator
{
    /** Default sector width, degrees: a three-sector site. */
    public static final double DEFAULT_SECTOR_WIDTH_DEG = 120.0;
    /** Default floor under a cell's range, metres. */
    public static final int DEFAULT_MINIMUM_RANGE_M = 500;

    private final CellDatabase database;
    private final double sectorWidthDeg;
    private final int minimumRangeM;

    /**
     * A locator with the default sector width and range floor.
     *
     * @param database the cells.
     */
    public CellLocator(final CellDatabase database)
    {
        this(database, DEFAULT_SECTOR_WIDTH_DEG, DEFAULT_MINIMUM_RANGE_M);
    }

    /**
     * A locator.
     *
     * @param database       the cells.
     * @param sectorWidthDeg the opening of a sector, in (0, 360].
     * @param minimumRangeM  the floor under a cell's range, metres, positive.
     */
    public CellLocator(final CellDatabase database, final double sectorWidthDeg, final int minimumRangeM)
    {
        if (!(sectorWidthDeg > 0.0 && sectorWidthDeg <= 360.0) || minimumRangeM <= 0)
        {
            throw new IllegalArgumentException("sector width must be in (0, 360] and the range floor positive");
        }
        this.database = database;
        this.sectorWidthDeg = sectorWidthDeg;
        this.minimumRangeM = minimumRangeM;
    }

    /**
     * Locates a cell by its parts.
     *
     * @param mcc    mobile country code.
     * @param mnc    mobile network code.
     * @param area   LAC or TAC.
     * @param cellId cell identity (CI, UTRAN cell id, ECI or NCI).
     * @return the network location, or MISSING / NO_LOCATION when the cell is unknown.
     */
    public ParsedLocation locate(final int mcc, final int mnc, final int area, final long cellId)
    {
        final CellDatabase.Cell cell = database.find(mcc, mnc, area, cellId);
        if (null == cell)
        {
            return ParsedLocation.unusable(LocationQuality.MISSING, LocationProblem.NO_LOCATION,
                "cell " + mcc + "-" + mnc + " area " + area + " id " + cellId + " is not in the cell database");
        }
        return locate(cell);
    }

    /**
     * Locates a cell identity (e.g. from {@link PAccessNetworkInfo#parse}).
     *
     * @param identity the cell; null gives MISSING / NO_LOCATION.
     * @return the network location.
     */
    public ParsedLocation locate(final CellIdentity identity)
    {
        if (null == identity)
        {
            return ParsedLocation.unusable(LocationQuality.MISSING, LocationProblem.NO_LOCATION, "no serving cell known");
        }
        return locate(identity.mcc(), identity.mnc(), identity.area(), identity.cellId());
    }

    /**
     * Locates the serving cell named by a {@code P-Access-Network-Info} header value.
     *
     * @param headerValue the header value; may be null.
     * @return the network location.
     */
    public ParsedLocation locateAccessNetworkInfo(final String headerValue)
    {
        return locate(PAccessNetworkInfo.parse(headerValue));
    }

    private ParsedLocation locate(final CellDatabase.Cell cell)
    {
        final double range = StrictMath.max(cell.rangeM(), minimumRangeM);
        final String detail = cell.identity() + ", range " + (long)range + " m";
        if (!cell.hasAzimuth() || sectorWidthDeg >= 180.0)
        {
            return location(LocationShape.CIRCLE, cell.latDeg(), cell.lonDeg(), range, detail);
        }
        final double half = StrictMath.toRadians(sectorWidthDeg / 2.0);
        final double offset;
        final double radius;
        if (half >= StrictMath.PI / 4.0)
        {
            offset = range * StrictMath.cos(half);
            radius = range * StrictMath.sin(half);
        }
        else
        {
            offset = range / (2.0 * StrictMath.cos(half));
            radius = offset;
        }
        final double[] point = Geodesy.destination(cell.latDeg(), cell.lonDeg(), cell.azimuthDeg(), offset);
        return location(LocationShape.CELL_SECTOR, point[0], point[1], radius,
            detail + ", azimuth " + cell.azimuthDeg() + ", sector " + sectorWidthDeg);
    }

    private static ParsedLocation location(final LocationShape shape, final double lat, final double lon, final double radius,
        final String detail)
    {
        return new ParsedLocation(LocationQuality.USABLE, LocationProblem.NONE, shape, LocationMethod.CELL, Geodesy.toMicros(lat),
            Geodesy.toMicros(lon), Confidence.ceilMetres(radius), 0, null, detail);
    }
}
