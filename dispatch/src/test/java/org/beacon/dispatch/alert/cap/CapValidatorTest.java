package org.beacon.dispatch.alert.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.util.List;

import org.junit.jupiter.api.Test;

class CapValidatorTest
{
    @Test
    void aTwoLanguageAlertWithPolygonAndCircleIsValid()
    {
        assertThat(CapValidator.validate(CapWriter.write(CapSamples.alert()))).isEmpty();
    }

    @Test
    void updateAndCancelWithReferencesAreValid()
    {
        final CapAlert original = CapSamples.alert();
        final CapAlert update = CapSamples.alertWith("BCN-2024-000125", CapMsgType.UPDATE, List.of(CapReference.to(original)),
            List.of(CapArea.polygon("wider", CapSamples.BLOCK)));
        final CapAlert cancel = CapAlert.builder("BCN-2024-000126", CapSamples.SENDER, CapSamples.SENT.plusSeconds(1800), CapStatus.ACTUAL,
            CapMsgType.CANCEL, CapScope.PUBLIC)
            .note("Đám cháy đã được dập tắt / the fire is out")
            .reference(CapReference.to(original))
            .reference(CapReference.to(update))
            .build();

        assertThat(CapValidator.validate(CapWriter.write(update))).isEmpty();
        assertThat(CapValidator.validate(CapWriter.write(cancel))).isEmpty();
    }

    @Test
    void cancelWithoutReferencesIsRefused()
    {
        final CapAlert cancel = CapAlert.builder(
            "B-9", CapSamples.SENDER, CapSamples.SENT, CapStatus.ACTUAL, CapMsgType.CANCEL, CapScope.PUBLIC).build();

        assertThat(CapValidator.validate(CapWriter.write(cancel))).containsExactly(
            "msgType Cancel needs <references> naming the earlier messages it cancels (sender,identifier,sent triples)");
    }

    @Test
    void malformedReferenceIsRefused()
    {
        final String xml = CapWriter.write(CapAlert.builder("B-9", CapSamples.SENDER, CapSamples.SENT, CapStatus.ACTUAL, CapMsgType.UPDATE,
            CapScope.PUBLIC).build()).replace("  <scope>Public</scope>\n", "  <scope>Public</scope>\n  <references>a,b</references>\n");

        assertThat(CapValidator.validate(xml)).containsExactly("references: \"a,b\" is not a sender,identifier,sent triple");
    }

    @Test
    void openPolygonIsRefused()
    {
        final List<double[]> open = CapSamples.BLOCK.subList(0, 4);

        assertThat(problemsFor(CapArea.polygon("open", open)))
            .anyMatch(p -> p.contains("area 1 \"open\", polygon 1: is not closed"))
            .noneMatch(p -> p.startsWith("schema"));
    }

    @Test
    void polygonOfThreePointsIsRefused()
    {
        final List<double[]> triangle = List.of(new double[] {10.77, 106.70}, new double[] {10.78, 106.70}, new double[] {10.77, 106.70});

        assertThat(problemsFor(CapArea.polygon("short", triangle)))
            .anyMatch(p -> p.contains("polygon 1: has 3 points; a polygon needs at least 4, the first repeated as the last"))
            .anyMatch(p -> p.startsWith("schema"));
    }

    @Test
    void latitudeOutOfRangeIsRefused()
    {
        final List<double[]> north = List.of(
            new double[] {91, 106.70}, new double[] {10.78, 106.70}, new double[] {10.78, 106.71}, new double[] {91, 106.70});

        assertThat(problemsFor(CapArea.polygon("north", north))).anyMatch(p -> p.contains("point 1: latitude 91.0 is outside [-90, 90]"));
        assertThat(problemsFor(CapArea.circle("east", new CapCircle(10.77, 181, 1))))
            .anyMatch(p -> p.contains("circle 1: centre: longitude 181.0 is outside [-180, 180]"));
    }

    @Test
    void selfIntersectingBowTieIsRefused()
    {
        final List<double[]> bowTie = List.of(
            new double[] {10.77, 106.70}, new double[] {10.78, 106.71}, new double[] {10.78, 106.70}, new double[] {10.77, 106.71},
            new double[] {10.77, 106.70});

        assertThat(problemsFor(CapArea.polygon("bow tie", bowTie))).containsExactly(
            "info 1 (vi-VN), area 1 \"bow tie\", polygon 1: crosses itself (Self-intersection near 10.775000,106.705000)",
            "info 2 (en-US), area 1 \"bow tie\", polygon 1: crosses itself (Self-intersection near 10.775000,106.705000)");
    }

    @Test
    void negativeOrZeroRadiusIsRefused()
    {
        assertThat(problemsFor(CapArea.circle("negative", new CapCircle(10.77, 106.70, -2))))
            .anyMatch(p -> p.contains("circle 1: radius -2.000 km must be greater than zero"));
        assertThat(problemsFor(CapArea.circle("zero", new CapCircle(10.77, 106.70, 0))))
            .anyMatch(p -> p.contains("circle 1: radius 0.000 km must be greater than zero"));
    }

    @Test
    void unknownSeverityIsRefusedByTheSchema()
    {
        final String xml = CapWriter.write(CapSamples.alert()).replaceFirst("<severity>Severe</severity>", "<severity>Huge</severity>");

        assertThat(CapValidator.validate(xml)).isNotEmpty()
            .allMatch(p -> p.startsWith("schema (line 19, column 30): "))
            .anyMatch(p -> p.contains("Value 'Huge' is not facet-valid"))
            .anyMatch(p -> p.contains("'[Extreme, Severe, Moderate, Minor, Unknown]'"));
    }

    @Test
    void elementsOutOfOrderOrMissingAreRefusedByTheSchema()
    {
        final String noEvent = CapWriter.write(CapSamples.alert()).replaceFirst("    <event>Cháy nhà</event>\n", "");
        final String fractionalSent = CapWriter.write(CapSamples.alert())
            .replace("<sent>2024-01-31T17:17:48+07:00", "<sent>2024-01-31T17:17:48.5+07:00");

        assertThat(CapValidator.validate(noEvent)).anyMatch(p -> p.startsWith("schema") && p.contains("responseType"));
        assertThat(CapValidator.validate(fractionalSent)).anyMatch(p -> p.startsWith("schema") && p.contains("17:17:48.5"));
    }

    @Test
    void expiresBeforeSentIsRefused()
    {
        final String xml = CapWriter.write(CapSamples.alert())
            .replace("<expires>2024-01-31T20:17:48+07:00", "<expires>2024-01-31T17:17:48+07:00");

        assertThat(CapValidator.validate(xml)).containsExactly(
            "info 1 (vi-VN): expires 2024-01-31T17:17:48+07:00 is not after sent 2024-01-31T17:17:48+07:00",
            "info 2 (en-US): expires 2024-01-31T17:17:48+07:00 is not after sent 2024-01-31T17:17:48+07:00");
    }

    @Test
    void wrongNamespaceIsRefused()
    {
        final String xml = CapWriter.write(CapSamples.alert())
            .replace("urn:oasis:names:tc:emergency:cap:1.2", "urn:oasis:names:tc:emergency:cap:1.1");

        assertThat(CapValidator.validate(xml)).containsExactly("not a CAP 1.2 alert: the root element must be <alert> in namespace "
            + "urn:oasis:names:tc:emergency:cap:1.2, found <alert> in namespace urn:oasis:names:tc:emergency:cap:1.1");
    }

    @Test
    void textThatIsNotXmlIsRefused()
    {
        assertThat(CapValidator.validate("FIRE! evacuate District 1")).singleElement(STRING)
            .startsWith("not XML (line 1, column 1)");
        assertThat(CapValidator.validate("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>")).singleElement(
            STRING).startsWith("not XML");
        assertThat(CapValidator.validate("")).containsExactly("not XML: the document is empty");
        assertThat(CapValidator.validate(null)).containsExactly("not XML: the document is empty");
    }

    @Test
    void externalEntityIsRefusedNotResolved()
    {
        final String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [ <!ENTITY secret SYSTEM \"file:///etc/passwd\"> ]>\n"
            + "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>&secret;</identifier></alert>";
        final String externalDtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE alert SYSTEM \"file:///etc/passwd\">\n"
            + "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"/>";

        for (final String xml : List.of(xxe, externalDtd))
        {
            assertThat(CapValidator.validate(xml)).containsExactly(
                "refused: the document has a DOCTYPE declaration; CAP needs none and it could pull in external entities");
        }
    }

    @Test
    void restrictedAndPrivateScopesNeedTheirRecipients()
    {
        final CapAlert restricted = CapAlert.builder("B-1", CapSamples.SENDER, CapSamples.SENT, CapStatus.EXERCISE, CapMsgType.ALERT,
            CapScope.RESTRICTED).build();
        final CapAlert addressed = CapAlert.builder("B-2", CapSamples.SENDER, CapSamples.SENT, CapStatus.EXERCISE, CapMsgType.ALERT,
            CapScope.PRIVATE).addresses("114@hcmc.gov.vn 115@hcmc.gov.vn").build();

        assertThat(CapValidator.validate(CapWriter.write(restricted)))
            .containsExactly("scope Restricted needs <restriction> saying who may receive the alert");
        assertThat(CapValidator.validate(CapWriter.write(addressed))).isEmpty();
    }

    private static List<String> problemsFor(final CapArea area)
    {
        return CapValidator.validate(CapWriter.write(CapSamples.withAreas(area)));
    }
}
