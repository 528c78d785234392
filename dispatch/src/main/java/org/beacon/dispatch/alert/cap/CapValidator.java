package org.beacon.dispatch.alert.cap;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Checks a CAP 1.2 document: first that it is XML without a document type declaration (a DOCTYPE is refused outright,
 * so no entity, internal or external, is ever expanded or fetched), then against the bundled schema
 * {@code cap/cap-1.2.xsd}, then the rules a schema cannot express:
 * <ul>
 *   <li>every polygon has at least 4 points and is closed (first point = last point);</li>
 *   <li>latitudes in [-90, 90], longitudes in [-180, 180];</li>
 *   <li>every circle's radius is above zero;</li>
 *   <li>no polygon crosses itself (JTS topology validation of the ring);</li>
 *   <li>an Update or Cancel has references, and each reference is a {@code sender,identifier,sent} triple;</li>
 *   <li>a Restricted alert has a restriction, a Private one has addresses;</li>
 *   <li>each info's expires is after the alert's sent; a ceiling has an altitude below it.</li>
 * </ul>
 * Gateway code: allocates freely, never throws for bad input, thread-safe.
 */
public final class CapValidator
{
    /** Longest document accepted, in characters; CAP messages with inline resources stay well below. */
    public static final int MAX_LENGTH = 4 * 1024 * 1024;
    /** Where the schema lives on the class path. */
    public static final String SCHEMA_RESOURCE = "/cap/cap-1.2.xsd";

    private static final String NS = CapWriter.NAMESPACE;
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    private static final Schema SCHEMA = loadSchema();
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private CapValidator()
    {
    }

    /**
     * Validates a CAP 1.2 document.
     *
     * @param xml the document text.
     * @return human-readable problems, in document order within each kind of check; empty when valid.
     */
    public static List<String> validate(final String xml)
    {
        final List<String> problems = new ArrayList<>();
        if (null == xml || xml.isBlank())
        {
            problems.add("not XML: the document is empty");
            return problems;
        }
        if (xml.length() > MAX_LENGTH)
        {
            problems.add("refused: the document is longer than " + MAX_LENGTH + " characters");
            return problems;
        }

        final Document document;
        try
        {
            document = CapDom.parse(xml);
        }
        catch (final SAXParseException ex)
        {
            problems.add(wellFormednessProblem(ex));
            return problems;
        }
        catch (final SAXException | IOException ex)
        {
            problems.add("not XML: " + ex.getMessage());
            return problems;
        }

        final Element root = document.getDocumentElement();
        if (!NS.equals(root.getNamespaceURI()) || !"alert".equals(root.getLocalName()))
        {
            final String ns = root.getNamespaceURI();
            problems.add("not a CAP 1.2 alert: the root element must be <alert> in namespace " + NS + ", found <" + root.getLocalName()
                + "> in " + (null == ns ? "no namespace" : "namespace " + ns));
            return problems;
        }

        validateAgainstSchema(xml, problems);
        checkAlert(root, problems);
        return problems;
    }

    private static String wellFormednessProblem(final SAXParseException ex)
    {
        final String message = String.valueOf(ex.getMessage());
        if (message.contains("DOCTYPE"))
        {
            return "refused: the document has a DOCTYPE declaration; CAP needs none and it could pull in external entities";
        }
        return "not XML (line " + ex.getLineNumber() + ", column " + ex.getColumnNumber() + "): " + message;
    }

    private static void validateAgainstSchema(final String xml, final List<String> problems)
    {
        final Validator validator = SCHEMA.newValidator();
        try
        {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        }
        catch (final SAXException ex)
        {
            throw new IllegalStateException("the JDK validator does not support access restrictions", ex);
        }
        validator.setErrorHandler(new ErrorHandler()
        {
            @Override
            public void warning(final SAXParseException ex)
            {
                // Warnings are not problems of the message.
            }

            @Override
            public void error(final SAXParseException ex)
            {
                problems.add(schemaProblem(ex));
            }

            @Override
            public void fatalError(final SAXParseException ex) throws SAXException
            {
                throw ex;
            }
        });
        try
        {
            validator.validate(new StreamSource(new StringReader(xml)));
        }
        catch (final SAXParseException ex)
        {
            problems.add(schemaProblem(ex));
        }
        catch (final SAXException | IOException ex)
        {
            problems.add("schema: " + ex.getMessage());
        }
    }

    private static String schemaProblem(final SAXParseException ex)
    {
        return "schema (line " + ex.getLineNumber() + ", column " + ex.getColumnNumber() + "): " + ex.getMessage();
    }

    private static void checkAlert(final Element alert, final List<String> problems)
    {
        final OffsetDateTime sent = time(text(CapDom.child(alert, "sent")));
        final String msgType = text(CapDom.child(alert, "msgType"));
        final String scope = text(CapDom.child(alert, "scope"));
        final String references = text(CapDom.child(alert, "references"));

        if (("Update".equals(msgType) || "Cancel".equals(msgType)) && (null == references || references.isBlank()))
        {
            problems.add("msgType " + msgType + " needs <references> naming the earlier messages it "
                + ("Update".equals(msgType) ? "updates" : "cancels") + " (sender,identifier,sent triples)");
        }
        if (null != references)
        {
            checkReferences(references, problems);
        }
        if ("Restricted".equals(scope) && isBlank(text(CapDom.child(alert, "restriction"))))
        {
            problems.add("scope Restricted needs <restriction> saying who may receive the alert");
        }
        if ("Private".equals(scope) && isBlank(text(CapDom.child(alert, "addresses"))))
        {
            problems.add("scope Private needs <addresses> naming the recipients");
        }

        int infoNumber = 0;
        for (final Element info : CapDom.children(alert, "info"))
        {
            infoNumber++;
            final String language = text(CapDom.child(info, "language"));
            final String infoLabel = "info " + infoNumber + (null == language ? "" : " (" + language + ")");
            final OffsetDateTime expires = time(text(CapDom.child(info, "expires")));
            if (null != sent && null != expires && !expires.isAfter(sent))
            {
                problems.add(infoLabel + ": expires " + text(CapDom.child(info, "expires")) + " is not after sent " +
                    text(CapDom.child(alert, "sent")));
            }
            int areaNumber = 0;
            for (final Element area : CapDom.children(info, "area"))
            {
                areaNumber++;
                final String desc = text(CapDom.child(area, "areaDesc"));
                checkArea(area, infoLabel + ", area " + areaNumber + (null == desc ? "" : " \"" + desc + "\""), problems);
            }
        }
    }

    private static void checkReferences(final String references, final List<String> problems)
    {
        for (final String reference : WHITE_SPACE.split(references.trim()))
        {
            if (reference.isEmpty())
            {
                continue;
            }
            final String[] parts = reference.split(",", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty())
            {
                problems.add("references: \"" + reference + "\" is not a sender,identifier,sent triple");
            }
            else if (null == time(parts[2]))
            {
                problems.add("references: \"" + reference + "\" has no valid sent time (like 2024-01-31T17:17:48+07:00)");
            }
        }
    }

    private static void checkArea(final Element area, final String label, final List<String> problems)
    {
        int polygonNumber = 0;
        for (final Element polygon : CapDom.children(area, "polygon"))
        {
            polygonNumber++;
            checkPolygon(text(polygon), label + ", polygon " + polygonNumber, problems);
        }
        int circleNumber = 0;
        for (final Element circle : CapDom.children(area, "circle"))
        {
            circleNumber++;
            checkCircle(text(circle), label + ", circle " + circleNumber, problems);
        }
        final Double altitude = number(text(CapDom.child(area, "altitude")));
        final Double ceiling = number(text(CapDom.child(area, "ceiling")));
        if (null != ceiling && null == CapDom.child(area, "altitude"))
        {
            problems.add(label + ": a ceiling needs an altitude");
        }
        else if (null != ceiling && null != altitude && ceiling < altitude)
        {
            problems.add(label + ": ceiling " + ceiling + " is below altitude " + altitude);
        }
    }

    private static void checkPolygon(final String text, final String label, final List<String> problems)
    {
        final String trimmed = null == text ? "" : text.trim();
        final String[] pairs = trimmed.isEmpty() ? new String[0] : WHITE_SPACE.split(trimmed);
        final double[][] points = new double[pairs.length][];
        boolean usable = true;
        for (int i = 0; i < pairs.length; i++)
        {
            points[i] = latLon(pairs[i]);
            if (null == points[i])
            {
                problems.add(label + ": point " + (i + 1) + " \"" + pairs[i] + "\" is not lat,lon");
                usable = false;
            }
            else if (!inRange(points[i][0], points[i][1], label + ": point " + (i + 1), problems))
            {
                usable = false;
            }
        }
        if (pairs.length < 4)
        {
            problems.add(label + ": has " + pairs.length + " point" + (pairs.length == 1 ? "" : "s")
                + "; a polygon needs at least 4, the first repeated as the last");
            return;
        }
        if (!usable)
        {
            return;
        }
        final double[] first = points[0];
        final double[] last = points[points.length - 1];
        if (first[0] != last[0] || first[1] != last[1])
        {
            problems.add(label + ": is not closed; the last point " + pairs[pairs.length - 1] + " must repeat the first " + pairs[0]);
            return;
        }
        final Coordinate[] ring = new Coordinate[points.length];
        for (int i = 0; i < points.length; i++)
        {
            ring[i] = new Coordinate(points[i][1], points[i][0]);
        }
        final Polygon polygon = GEOMETRY.createPolygon(ring);
        final TopologyValidationError error = new IsValidOp(polygon).getValidationError();
        if (null != error)
        {
            final Coordinate at = error.getCoordinate();
            final String where = null == at ? "" : String.format(Locale.ROOT, " near %.6f,%.6f", at.y, at.x);
            final String what = error.getErrorType() == TopologyValidationError.SELF_INTERSECTION
                || error.getErrorType() == TopologyValidationError.RING_SELF_INTERSECTION ? "crosses itself" : "is not a simple polygon";
            problems.add(label + ": " + what + " (" + error.getMessage() + where + ")");
        }
    }

    private static void checkCircle(final String text, final String label, final List<String> problems)
    {
        final String[] parts = null == text ? new String[0] : WHITE_SPACE.split(text.trim());
        final double[] centre = parts.length == 2 ? latLon(parts[0]) : null;
        final Double radius = parts.length == 2 ? number(parts[1]) : null;
        if (null == centre || null == radius)
        {
            problems.add(label + ": \"" + text + "\" is not \"lat,lon radius\"");
            return;
        }
        inRange(centre[0], centre[1], label + ": centre", problems);
        if (!(radius > 0))
        {
            problems.add(label + ": radius " + parts[1] + " km must be greater than zero");
        }
    }

    private static boolean inRange(final double lat, final double lon, final String label, final List<String> problems)
    {
        boolean ok = true;
        if (!(lat >= -90 && lat <= 90))
        {
            problems.add(label + ": latitude " + lat + " is outside [-90, 90]");
            ok = false;
        }
        if (!(lon >= -180 && lon <= 180))
        {
            problems.add(label + ": longitude " + lon + " is outside [-180, 180]");
            ok = false;
        }
        return ok;
    }

    private static double[] latLon(final String pair)
    {
        final int comma = pair.indexOf(',');
        if (comma < 0 || pair.indexOf(',', comma + 1) >= 0)
        {
            return null;
        }
        final Double lat = number(pair.substring(0, comma));
        final Double lon = number(pair.substring(comma + 1));
        return null == lat || null == lon ? null : new double[] {lat, lon};
    }

    private static Double number(final String text)
    {
        if (null == text)
        {
            return null;
        }
        try
        {
            final double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) ? value : null;
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    private static OffsetDateTime time(final String text)
    {
        if (null == text)
        {
            return null;
        }
        try
        {
            return OffsetDateTime.parse(text.trim());
        }
        catch (final DateTimeParseException ex)
        {
            return null;
        }
    }

    private static boolean isBlank(final String text)
    {
        return null == text || text.isBlank();
    }

    private static String text(final Element element)
    {
        return null == element ? null : element.getTextContent();
    }

    private static Schema loadSchema()
    {
        try (InputStream in = CapValidator.class.getResourceAsStream(SCHEMA_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("schema not on the class path: " + SCHEMA_RESOURCE);
            }
            final SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(new StreamSource(in, SCHEMA_RESOURCE));
        }
        catch (final SAXException | IOException ex)
        {
            throw new IllegalStateException("cannot load " + SCHEMA_RESOURCE, ex);
        }
    }

}
