package org.beacon.dispatch.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.junit.jupiter.api.Test;

class PidfLoParserTest
{
    static byte[] resource(final String name)
    {
        try (InputStream in = PidfLoParserTest.class.getResourceAsStream("/location/" + name))
        {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** A PIDF-LO document around the given location-info content. */
    static String doc(final String locationInfo)
    {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
            "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\"" +
            " xmlns:gml=\"http://www.opengis.net/gml\" xmlns:gs=\"http://www.opengis.net/pidflo/1.0\"" +
            " xmlns:con=\"urn:ietf:params:xml:ns:geopriv:conf\" entity=\"pres:caller@example.vn\">" +
            "<tuple id=\"t\"><status><gp:geopriv><gp:location-info>" + locationInfo +
            "</gp:location-info><gp:usage-rules/><gp:method>GPS</gp:method></gp:geopriv></status></tuple></presence>";
    }

    static String circle(final String pos, final String radius)
    {
        return "<gs:Circle srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:pos>" + pos + "</gml:pos>" +
            "<gs:radius uom=\"urn:ogc:def:uom:EPSG::9001\">" + radius + "</gs:radius></gs:Circle>";
    }

    static ParsedLocation parse(final String xml)
    {
        final byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        return PidfLoParser.parse(bytes, 0, bytes.length);
    }

    private static ParsedLocation parseResource(final String name)
    {
        return PidfLoParser.parse(resource(name));
    }

    @Test
    void pointHasNoStatedUncertainty()
    {
        final ParsedLocation location = parseResource("point.xml");
        assertThat(location.usable()).isTrue();
        assertThat(location.shape()).isEqualTo(LocationShape.POINT);
        assertThat(location.method()).isEqualTo(LocationMethod.GNSS);
        assertThat(location.latMicros()).isEqualTo(10_776_900);
        assertThat(location.lonMicros()).isEqualTo(106_700_900);
        assertThat(location.uncertaintyM()).isZero();
    }

    @Test
    void circleRadiusIsRescaledFromItsDeclaredConfidence()
    {
        final ParsedLocation location = parseResource("circle.xml");
        assertThat(location.quality()).isEqualTo(LocationQuality.USABLE);
        assertThat(location.problem()).isEqualTo(LocationProblem.NONE);
        assertThat(location.shape()).isEqualTo(LocationShape.CIRCLE);
        assertThat(location.method()).isEqualTo(LocationMethod.GNSS);
        assertThat(location.confidencePct()).isEqualTo(68);
        // 100 m at 68%: sqrt(-2 ln 0.05) / sqrt(-2 ln 0.32) = 1.6215
        assertThat(location.uncertaintyM()).isEqualTo(163);
        assertThat(location.latMicros()).isEqualTo(10_776_900);
        assertThat(location.lonMicros()).isEqualTo(106_700_900);
    }

    @Test
    void circleWithoutConfidenceIsTakenAt95()
    {
        final ParsedLocation location = parse(doc(circle("10.5 106.5", "250")));
        assertThat(location.uncertaintyM()).isEqualTo(250);
        assertThat(location.confidencePct()).isEqualTo(95);
    }

    @Test
    void higherConfidenceShrinksAndRectangularScalesByArea()
    {
        assertThat(parse(doc(circle("10.5 106.5", "100") + "<con:confidence>99</con:confidence>")).uncertaintyM())
            .isEqualTo(81);
        assertThat(parse(doc(circle("10.5 106.5", "100") + "<con:confidence pdf=\"rectangular\">50</con:confidence>"))
            .uncertaintyM()).isEqualTo(138);
        // unknown: the larger of the two factors (here the normal one, 1.62)
        assertThat(parse(doc(circle("10.5 106.5", "100") + "<con:confidence pdf=\"unknown\">68</con:confidence>"))
            .uncertaintyM()).isEqualTo(163);
        // 100% under a normal distribution cannot be rescaled: kept
        assertThat(parse(doc(circle("10.5 106.5", "100") + "<con:confidence>100</con:confidence>")).uncertaintyM())
            .isEqualTo(100);
    }

    @Test
    void ellipseUsesItsSemiMajorAxis()
    {
        final ParsedLocation location = parseResource("ellipse.xml");
        assertThat(location.shape()).isEqualTo(LocationShape.ELLIPSE);
        assertThat(location.method()).isEqualTo(LocationMethod.CELL);
        assertThat(location.uncertaintyM()).isEqualTo(1275);
        assertThat(location.latMicros()).isEqualTo(10_783_000);
    }

    @Test
    void polygonReducesToCentroidAndFarthestVertexWhetherPosListOrPos()
    {
        for (final String name : new String[] {"polygon-poslist.xml", "polygon-pos.xml"})
        {
            final ParsedLocation location = parseResource(name);
            assertThat(location.shape()).as(name).isEqualTo(LocationShape.POLYGON);
            assertThat(location.latMicros()).as(name).isBetween(10_779_995, 10_780_005);
            assertThat(location.lonMicros()).as(name).isBetween(106_699_995, 106_700_005);
            // half-diagonal of a 0.02 x 0.02 degree square at 10.78 N: about 1559 m
            assertThat(location.uncertaintyM()).as(name).isBetween(1550L, 1565L);
        }
        assertThat(parseResource("polygon-pos.xml").method()).isEqualTo(LocationMethod.WIFI);
        assertThat(parseResource("polygon-poslist.xml").method()).isEqualTo(LocationMethod.CELL);
    }

    @Test
    void polygonConfidenceOnlyEverWidensTheCircle()
    {
        final String square = "<gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:exterior><gml:LinearRing><gml:posList>" +
            "10.77 106.69 10.77 106.71 10.79 106.71 10.79 106.69 10.77 106.69</gml:posList></gml:LinearRing></gml:exterior>" +
            "</gml:Polygon>";
        final long at95 = parse(doc(square)).uncertaintyM();
        assertThat(parse(doc(square + "<con:confidence>99</con:confidence>")).uncertaintyM()).isEqualTo(at95);
        assertThat(parse(doc(square + "<con:confidence>68</con:confidence>")).uncertaintyM()).isGreaterThan(at95 * 16 / 10);
    }

    @Test
    void arcBandReducesToTheMiddleOfTheBand()
    {
        final ParsedLocation location = parseResource("arcband.xml");
        assertThat(location.shape()).isEqualTo(LocationShape.ARC_BAND);
        // middle: 1500 m from the centre on bearing 90 (start 60 + opening 60 / 2)
        final double east = Geodesy.distanceM(10.7769, 106.7009, location.latMicros() / 1e6, location.lonMicros() / 1e6);
        assertThat(east).isBetween(1499.0, 1501.0);
        assertThat(location.latMicros()).isBetween(10_776_800, 10_777_000);
        assertThat(location.lonMicros()).isGreaterThan(106_700_900);
        // farthest corner: the outer ones, sqrt(1500^2 + 2000^2 - 2 * 1500 * 2000 * cos 30) = 1026.6 m
        assertThat(location.uncertaintyM()).isEqualTo(1027);
    }

    @Test
    void arcBandWithAnglesInRadiansAndAFullRing()
    {
        final String band = "<gs:ArcBand srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:pos>10 106</gml:pos>" +
            "<gs:innerRadius uom=\"urn:ogc:def:uom:EPSG::9001\">0</gs:innerRadius>" +
            "<gs:outerRadius uom=\"urn:ogc:def:uom:EPSG::9001\">1000</gs:outerRadius>" +
            "<gs:startAngle uom=\"urn:ogc:def:uom:EPSG::9101\">0</gs:startAngle>" +
            "<gs:openingAngle uom=\"urn:ogc:def:uom:EPSG::9101\">6.283185307179586</gs:openingAngle></gs:ArcBand>";
        final ParsedLocation location = parse(doc(band));
        assertThat(location.usable()).isTrue();
        // middle 500 m out on bearing 180; the farthest point of the full disc is 1500 m from it
        assertThat(location.uncertaintyM()).isEqualTo(1500);
        assertThat(location.latMicros()).isLessThan(10_000_000);
    }

    @Test
    void threeDimensionalShapesAreReducedToTwo()
    {
        final ParsedLocation sphere = parseResource("sphere.xml");
        assertThat(sphere.shape()).isEqualTo(LocationShape.SPHERE);
        assertThat(sphere.uncertaintyM()).isEqualTo(40);
        assertThat(sphere.latMicros()).isEqualTo(10_776_900);

        final ParsedLocation ellipsoid = parseResource("ellipsoid.xml");
        assertThat(ellipsoid.shape()).isEqualTo(LocationShape.ELLIPSOID);
        assertThat(ellipsoid.uncertaintyM()).isEqualTo(60);
        assertThat(ellipsoid.method()).isEqualTo(LocationMethod.HYBRID);

        final ParsedLocation prism = parseResource("prism.xml");
        assertThat(prism.shape()).isEqualTo(LocationShape.PRISM);
        assertThat(prism.method()).isEqualTo(LocationMethod.MANUAL);
        assertThat(prism.latMicros()).isBetween(10_776_495, 10_776_505);
        assertThat(prism.lonMicros()).isBetween(106_700_495, 106_700_505);
        assertThat(prism.uncertaintyM()).isBetween(76L, 80L);
    }

    @Test
    void severalShapesPickTheSmallestUncertainty()
    {
        final ParsedLocation location = parseResource("multi-shape.xml");
        assertThat(location.uncertaintyM()).isEqualTo(20);
        assertThat(location.method()).isEqualTo(LocationMethod.GNSS);
        assertThat(location.latMicros()).isEqualTo(10_776_900);
    }

    @Test
    void aPointLosesToAShapeThatStatesItsUncertaintyButBeatsNothing()
    {
        final String point = "<gml:Point srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:pos>10 106</gml:pos></gml:Point>";
        final ParsedLocation withCircle = parse(doc(point + circle("10.5 106.5", "5000")));
        assertThat(withCircle.shape()).isEqualTo(LocationShape.CIRCLE);
        final ParsedLocation withBroken = parse(doc(point + circle("95 106.5", "5")));
        assertThat(withBroken.shape()).isEqualTo(LocationShape.POINT);
        assertThat(withBroken.usable()).isTrue();
    }

    @Test
    void civicAddressOnlyIsNoLocation()
    {
        final ParsedLocation location = parseResource("civic-only.xml");
        assertThat(location.quality()).isEqualTo(LocationQuality.MISSING);
        assertThat(location.problem()).isEqualTo(LocationProblem.NO_LOCATION);
        assertThat(location.detail()).contains("civic");
    }

    @Test
    void brokenXmlIsMalformed()
    {
        final String broken = doc(circle("10 106", "5")).replace("</gs:Circle>", "</gs:Circl>");
        final ParsedLocation location = parse(broken);
        assertThat(location.quality()).isEqualTo(LocationQuality.UNUSABLE);
        assertThat(location.problem()).isEqualTo(LocationProblem.MALFORMED_XML);
        assertThat(location.detail()).contains("line");
        assertThat(parse("not xml at all").problem()).isEqualTo(LocationProblem.MALFORMED_XML);
        assertThat(parse(doc(circle("10 106", "5")).substring(0, 300)).problem()).isEqualTo(LocationProblem.MALFORMED_XML);
        assertThat(parse("<?xml version=\"1.0\"?>").problem()).isEqualTo(LocationProblem.MALFORMED_XML);
    }

    @Test
    void wrongNamespaces()
    {
        final ParsedLocation wrongRoot = parse(doc(circle("10 106", "5")).replace("urn:ietf:params:xml:ns:pidf\"",
            "urn:ietf:params:xml:ns:pidf-wrong\""));
        assertThat(wrongRoot.problem()).isEqualTo(LocationProblem.MALFORMED_XML);
        assertThat(wrongRoot.detail()).contains("not a PIDF presence");

        final ParsedLocation wrongGeopriv = parse(doc(circle("10 106", "5")).replace("pidf:geopriv10\"", "pidf:geopriv11\""));
        assertThat(wrongGeopriv.quality()).isEqualTo(LocationQuality.MISSING);
        assertThat(wrongGeopriv.problem()).isEqualTo(LocationProblem.NO_LOCATION);

        final ParsedLocation circleInGml = parse(doc(circle("10 106", "5").replace("gs:Circle", "gml:Circle")));
        assertThat(circleInGml.problem()).isEqualTo(LocationProblem.UNKNOWN_SHAPE);
        assertThat(circleInGml.detail()).contains("{http://www.opengis.net/gml}Circle");

        final ParsedLocation radiusInGml = parse(doc(circle("10 106", "5").replace("gs:radius", "gml:radius")));
        assertThat(radiusInGml.problem()).isEqualTo(LocationProblem.BAD_FIELD);
        assertThat(radiusInGml.detail()).contains("missing radius");
    }

    @Test
    void unknownShape()
    {
        final ParsedLocation location = parse(doc("<gs:Hexagon srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:pos>10 106</gml:pos>" +
            "</gs:Hexagon>"));
        assertThat(location.quality()).isEqualTo(LocationQuality.UNUSABLE);
        assertThat(location.problem()).isEqualTo(LocationProblem.UNKNOWN_SHAPE);
        assertThat(location.detail()).contains("Hexagon");
    }

    @Test
    void outOfRangeCoordinatesAndDistancesAreNeverClamped()
    {
        for (final String pos : new String[] {"90.000001 106", "-91 106", "10 180.5", "10 -181", "1e3 106"})
        {
            final ParsedLocation location = parse(doc(circle(pos, "10")));
            assertThat(location.quality()).as(pos).isEqualTo(LocationQuality.UNUSABLE);
            assertThat(location.problem()).as(pos).isEqualTo(LocationProblem.OUT_OF_RANGE);
            assertThat(location.latMicros()).isZero();
            assertThat(location.lonMicros()).isZero();
        }
        assertThat(parse(doc(circle("90 180", "10"))).usable()).isTrue();
        assertThat(parse(doc(circle("10 106", "-5"))).problem()).isEqualTo(LocationProblem.OUT_OF_RANGE);
        assertThat(parse(doc(circle("10 106", "30000000"))).problem()).isEqualTo(LocationProblem.OUT_OF_RANGE);
        assertThat(parse(doc(circle("10 106", "5") + "<con:confidence>150</con:confidence>")).problem())
            .isEqualTo(LocationProblem.OUT_OF_RANGE);
        assertThat(parse(doc(circle("10 106", "5") + "<con:confidence>0</con:confidence>")).problem())
            .isEqualTo(LocationProblem.OUT_OF_RANGE);
    }

    @Test
    void badNumbersAndUnitsAreBadFields()
    {
        for (final String pos : new String[] {"NaN 106", "10 Infinity", "10", "10 106 5 7", "0x1p3 106", "10d 106", "ten 106", ""})
        {
            assertThat(parse(doc(circle(pos, "10"))).problem()).as(pos).isEqualTo(LocationProblem.BAD_FIELD);
        }
        assertThat(parse(doc(circle("10 106", "5").replace("EPSG::9001", "EPSG::9002"))).problem())
            .isEqualTo(LocationProblem.BAD_FIELD);
        assertThat(parse(doc(circle("10 106", "5") + "<con:confidence pdf=\"weird\">68</con:confidence>")).problem())
            .isEqualTo(LocationProblem.BAD_FIELD);
    }

    @Test
    void onlyEpsg4326And4979()
    {
        final ParsedLocation location = parse(doc(circle("10 106", "5").replace("EPSG::4326", "EPSG::3857")));
        assertThat(location.problem()).isEqualTo(LocationProblem.UNSUPPORTED_CRS);
        assertThat(location.shape()).isEqualTo(LocationShape.CIRCLE);
        assertThat(parse(doc(circle("10 106", "5").replace("urn:ogc:def:crs:EPSG::4326", "EPSG:4326"))).usable()).isTrue();
        // 4979 wants three numbers, 4326 two
        assertThat(parse(doc(circle("10 106", "5").replace("4326", "4979"))).problem()).isEqualTo(LocationProblem.BAD_FIELD);
        assertThat(parse(doc(circle("10 106 3", "5").replace("4326", "4979"))).usable()).isTrue();
        assertThat(parse(doc(circle("10 106", "5").replace(" srsName=\"urn:ogc:def:crs:EPSG::4326\"", ""))).usable()).isTrue();
    }

    @Test
    void polygonsMustBeWholeRings()
    {
        final String prefix = "<gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:exterior><gml:LinearRing><gml:posList>";
        final String suffix = "</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>";
        assertThat(parse(doc(prefix + "10 106 10 106.1 10 106" + suffix)).problem()).isEqualTo(LocationProblem.BAD_FIELD);
        assertThat(parse(doc(prefix + "10 106 10 106.1 10.1" + suffix)).problem()).isEqualTo(LocationProblem.BAD_FIELD);
        assertThat(parse(doc(prefix + "10 106 10 106.1 10.1 106.1" + suffix)).usable()).isTrue();
        assertThat(parse(doc(prefix + "10 106 10 106.1 95 106.1 10 106" + suffix)).problem()).isEqualTo(LocationProblem.OUT_OF_RANGE);
        final StringBuilder many = new StringBuilder();
        for (int i = 0; i < PidfLoParser.MAX_VERTICES + 5; i++)
        {
            many.append("10 ").append(106 + i * 1e-5).append(' ');
        }
        assertThat(parse(doc(prefix + many + suffix)).problem()).isEqualTo(LocationProblem.BAD_FIELD);
        // a degenerate (collinear) ring still gives a point
        assertThat(parse(doc(prefix + "10 106 10 106.01 10 106.02 10 106" + suffix)).usable()).isTrue();
    }

    @Test
    void polygonAcrossTheAntimeridian()
    {
        final String ring = "<gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:exterior><gml:LinearRing><gml:posList>" +
            "-17 179.99 -17 -179.99 -17.02 -179.99 -17.02 179.99 -17 179.99</gml:posList></gml:LinearRing></gml:exterior>" +
            "</gml:Polygon>";
        final ParsedLocation location = parse(doc(ring));
        assertThat(location.usable()).isTrue();
        assertThat(StrictMath.abs(location.lonMicros())).isGreaterThan(179_999_000);
        assertThat(location.uncertaintyM()).isLessThan(2_000);
    }

    @Test
    void noLocationInfo()
    {
        final ParsedLocation location = parse(doc(""));
        assertThat(location.quality()).isEqualTo(LocationQuality.MISSING);
        assertThat(location.problem()).isEqualTo(LocationProblem.NO_LOCATION);
        final ParsedLocation presenceOnly = parse("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"pres:a@b\"/>");
        assertThat(presenceOnly.problem()).isEqualTo(LocationProblem.NO_LOCATION);
        assertThat(PidfLoParser.parse(new byte[0], 0, 0).problem()).isEqualTo(LocationProblem.NO_LOCATION);
        assertThat(PidfLoParser.parse(null, 0, 10).problem()).isEqualTo(LocationProblem.NO_LOCATION);
    }

    @Test
    void hugeBodyIsRefusedBeforeParsing()
    {
        final StringBuilder padding = new StringBuilder();
        while (padding.length() < PidfLoParser.MAX_BODY_LENGTH)
        {
            padding.append("<!-- padding padding padding padding -->\n");
        }
        final ParsedLocation location = parse(doc(circle("10 106", "5") + padding));
        assertThat(location.problem()).isEqualTo(LocationProblem.MALFORMED_XML);
        assertThat(location.detail()).contains("exceeds");
    }

    @Test
    void externalEntitiesAndDtdsAreNeverProcessed()
    {
        final String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE presence [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n" +
            doc(circle("&xxe; 106", "5")).substring(doc("").indexOf("<presence"));
        final ParsedLocation location = parse(xxe);
        assertThat(location.problem()).isEqualTo(LocationProblem.MALFORMED_XML);
        assertThat(location.detail()).doesNotContain("root:");

        final String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">" +
            "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">" +
            "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>" +
            "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\">&lol3;</presence>";
        assertThat(parse(laughs).problem()).isEqualTo(LocationProblem.MALFORMED_XML);
    }

    @Test
    void deepNestingIsRefused()
    {
        final StringBuilder deep = new StringBuilder("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\">");
        for (int i = 0; i < 100; i++)
        {
            deep.append("<a>");
        }
        for (int i = 0; i < 100; i++)
        {
            deep.append("</a>");
        }
        deep.append("</presence>");
        final ParsedLocation location = parse(deep.toString());
        assertThat(location.problem()).isEqualTo(LocationProblem.MALFORMED_XML);
        assertThat(location.detail()).contains("nested");
    }

    @Test
    void offsetAndLengthSelectThePartInsideALargerBuffer()
    {
        final byte[] part = resource("circle.xml");
        final byte[] message = new byte[part.length + 200];
        java.util.Arrays.fill(message, (byte)'#');
        System.arraycopy(part, 0, message, 100, part.length);
        assertThat(PidfLoParser.parse(message, 100, part.length).uncertaintyM()).isEqualTo(163);
        assertThat(PidfLoParser.parse(message, 150, part.length + 100).problem()).isEqualTo(LocationProblem.MALFORMED_XML);
    }

    @Test
    void encodings()
    {
        final String xml = doc(circle("10.5 106.5", "50")).replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
        final byte[] utf16 = xml.getBytes(StandardCharsets.UTF_16);
        assertThat(PidfLoParser.parse(utf16).uncertaintyM()).isEqualTo(50);

        final byte[] latin1 = doc(circle("10.5 106.5", "50")).replace("UTF-8", "ISO-8859-1").replace("caller@", "caf\u00e9@")
            .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(PidfLoParser.parse(latin1).usable()).isTrue();

        final byte[] badUtf8 = doc(circle("10.5 106.5", "50")).replace("caller@", "caf\u00e9@").getBytes(StandardCharsets.ISO_8859_1);
        final ParsedLocation invalid = PidfLoParser.parse(badUtf8);
        assertThat(invalid.problem()).isEqualTo(LocationProblem.MALFORMED_XML);
        assertThat(invalid.detail()).contains("not valid UTF-8");

        final ParsedLocation ebcdic = parse(doc(circle("10.5 106.5", "50")).replace("UTF-8", "IBM037"));
        assertThat(ebcdic.problem()).isEqualTo(LocationProblem.MALFORMED_XML);
        assertThat(ebcdic.detail()).contains("unsupported XML encoding");
    }

    @Test
    void methodTokens()
    {
        assertThat(PidfLoParser.method("A-GPS")).isEqualTo(LocationMethod.GNSS);
        assertThat(PidfLoParser.method(" 802.11 ")).isEqualTo(LocationMethod.WIFI);
        assertThat(PidfLoParser.method("Triangulation")).isEqualTo(LocationMethod.CELL);
        assertThat(PidfLoParser.method("Manual")).isEqualTo(LocationMethod.MANUAL);
        assertThat(PidfLoParser.method("DHCP")).isEqualTo(LocationMethod.UNKNOWN);
    }

    /** Thousands of mutated documents: never an exception, always a coherent answer. */
    @Test
    void mutatedDocumentsNeverThrowAndNeverYieldAnInvalidPoint()
    {
        final String[] seeds = {"point.xml", "circle.xml", "ellipse.xml", "polygon-poslist.xml", "polygon-pos.xml", "arcband.xml",
            "sphere.xml", "ellipsoid.xml", "prism.xml", "multi-shape.xml", "civic-only.xml"};
        final byte[][] corpus = new byte[seeds.length][];
        for (int i = 0; i < seeds.length; i++)
        {
            corpus[i] = resource(seeds[i]);
        }
        final byte[] alphabet = "<>/=\"' :-.0123456789eE+&;#![]?xmlgsposradiusCircle\u0000\n\t".getBytes(StandardCharsets.ISO_8859_1);
        final SplittableRandom random = new SplittableRandom(0xB3AC0);
        int usable = 0;
        for (int round = 0; round < 6_000; round++)
        {
            final byte[] doc = corpus[random.nextInt(corpus.length)].clone();
            final int mutations = 1 + random.nextInt(6);
            byte[] mutated = doc;
            for (int m = 0; m < mutations; m++)
            {
                mutated = mutate(mutated, random, alphabet);
            }
            final ParsedLocation location = PidfLoParser.parse(mutated, 0, mutated.length);
            assertThat(location).isNotNull();
            if (location.usable())
            {
                usable++;
                assertThat(location.problem()).isEqualTo(LocationProblem.NONE);
                assertThat(location.latMicros()).isBetween(-90_000_000, 90_000_000);
                assertThat(location.lonMicros()).isBetween(-180_000_000, 180_000_000);
                assertThat(location.uncertaintyM()).isBetween(0L, 0xFFFF_FFFFL);
            }
            else
            {
                assertThat(location.problem()).isNotEqualTo(LocationProblem.NONE);
                assertThat(location.latMicros()).isZero();
                assertThat(location.lonMicros()).isZero();
                assertThat(location.detail()).isNotBlank();
            }
        }
        // mutations that miss the numbers leave documents usable: the corpus is exercised both ways
        assertThat(usable).isBetween(100, 5_900);
    }

    private static byte[] mutate(final byte[] doc, final SplittableRandom random, final byte[] alphabet)
    {
        if (doc.length == 0)
        {
            return new byte[] {alphabet[random.nextInt(alphabet.length)]};
        }
        final int at = random.nextInt(doc.length);
        switch (random.nextInt(5))
        {
            case 0:
            {
                final byte[] copy = doc.clone();
                copy[at] = alphabet[random.nextInt(alphabet.length)];
                return copy;
            }
            case 1:
            {
                final int length = random.nextInt(1, 20);
                final byte[] copy = new byte[Math.max(0, doc.length - length)];
                System.arraycopy(doc, 0, copy, 0, Math.min(at, copy.length));
                if (at + length < doc.length)
                {
                    System.arraycopy(doc, at + length, copy, at, doc.length - at - length);
                }
                return copy;
            }
            case 2:
            {
                final int from = random.nextInt(doc.length);
                final int length = Math.min(random.nextInt(1, 60), doc.length - from);
                final byte[] copy = new byte[doc.length + length];
                System.arraycopy(doc, 0, copy, 0, at);
                System.arraycopy(doc, from, copy, at, length);
                System.arraycopy(doc, at, copy, at + length, doc.length - at);
                return copy;
            }
            case 3:
            {
                final byte[] copy = doc.clone();
                copy[at] = (byte)random.nextInt(256);
                return copy;
            }
            default:
                return java.util.Arrays.copyOf(doc, at);
        }
    }
}
