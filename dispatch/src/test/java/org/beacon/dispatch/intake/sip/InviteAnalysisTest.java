package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.junit.jupiter.api.Test;

class InviteAnalysisTest
{
    private static final String SDP = "v=0\r\no=c 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    private static final String PIDF =
        "<?xml version=\"1.0\"?>\r\n<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" " +
        "xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\" xmlns:gml=\"http://www.opengis.net/gml\" entity=\"pres:a@b\">" +
        "<gp:geopriv><gp:location-info><gml:Point srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:pos>10.5 106.5</gml:pos></gml:Point>" +
        "</gp:location-info><gp:method>GPS</gp:method></gp:geopriv></presence>";

    private static SipMessage analyse(final String headers, final String contentType, final String body, final int expected)
    {
        return analyse(headers, contentType, body, expected, false);
    }

    private static SipMessage analyse(final String headers, final String contentType, final String body, final int expected,
        final boolean reinvite)
    {
        final String text = "INVITE urn:service:sos SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKa\r\n" +
            "From: <sip:+84901234567@ims.example.vn>;tag=1\r\n" +
            "To: <urn:service:sos>" + (reinvite ? ";tag=b1" : "") + "\r\n" +
            "Call-ID: c1\r\nCSeq: 1 INVITE\r\n" +
            "Contact: <sip:+84901234567@192.0.2.10:5070>\r\n" +
            headers +
            (null == contentType ? "" : "Content-Type: " + contentType + "\r\n") +
            "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        final SipMessage m = SipParserTest.parse(text, true);
        assertThat(m.valid()).as(m.errorReason()).isTrue();
        assertThat(InviteAnalysis.analyse(m, new MimeBody.Parts())).as(m.errorReason()).isEqualTo(expected);
        return m;
    }

    private static String multipart(final String boundary, final String cid, final boolean closed)
    {
        return "--" + boundary + "\r\nContent-Type: application/sdp\r\n\r\n" + SDP +
            "--" + boundary + "\r\nContent-Type: application/pidf+xml\r\nContent-ID: <" + cid + ">\r\n\r\n" + PIDF + "\r\n" +
            (closed ? "--" + boundary + "--\r\n" : "");
    }

    @Test
    void findsThePidfPartTheGeolocationCidNames()
    {
        final SipMessage m = analyse("Geolocation: <cid:loc1@caller.example>\r\n" +
                "Call-Info: <http://info.example/x>;purpose=info, <urn:emergency:uid:callid:abc:caller.example>;purpose=emergency-CallId\r\n" +
                "P-Asserted-Identity: \"Caller\" <tel:+84901234567>;x=y\r\n",
            "multipart/mixed; boundary=\"b1\"", multipart("b1", "loc1@caller.example", true), 0);
        assertThat(m.location.quality()).isEqualTo(LocationQuality.USABLE);
        assertThat(m.location.shape()).isEqualTo(LocationShape.POINT);
        assertThat(m.location.latMicros()).isEqualTo(10_500_000);
        assertThat(m.locationConveyed).isTrue();
        assertThat(m.emergencyCallId).isEqualTo("urn:emergency:uid:callid:abc:caller.example");
        assertThat(m.caller).isEqualTo("+84901234567");
        assertThat(m.callerAsReceived).isEqualTo("tel:+84901234567");
        assertThat(m.contact).isEqualTo("sip:+84901234567@192.0.2.10:5070");
        assertThat(m.sdp.error()).isNull();
    }

    @Test
    void usesAPidfBodyEvenWithoutAGeolocationHeader()
    {
        final SipMessage m = analyse("", "multipart/mixed;boundary=b1", multipart("b1", "x@y", true), 0);
        assertThat(m.location.usable()).isTrue();
        assertThat(m.caller).isEqualTo("+84901234567");
        assertThat(m.callerAsReceived).isEqualTo("sip:+84901234567@ims.example.vn");
    }

    @Test
    void neverRefusesACallForItsLocation()
    {
        assertThat(analyse("Geolocation: <cid:other@caller.example>\r\n", "multipart/mixed;boundary=b1",
            multipart("b1", "loc1@caller.example", true), 0).location.problem()).isEqualTo(LocationProblem.BAD_MULTIPART);
        assertThat(analyse("Geolocation: <cid:loc1@caller.example>\r\n", "multipart/mixed;boundary=b1",
            multipart("b1", "loc1@caller.example", false), 0).location.problem()).isEqualTo(LocationProblem.BAD_MULTIPART);
        assertThat(analyse("Geolocation: <cid:loc1@caller.example>\r\n", "multipart/mixed;boundary=b1",
            multipart("b1", "loc1@caller.example", true).replace("</presence>", ""), 0).location.problem())
            .isEqualTo(LocationProblem.MALFORMED_XML);
        assertThat(analyse("Geolocation: this is not a list\r\n", "application/sdp", SDP, 0).location.problem())
            .isEqualTo(LocationProblem.BAD_FIELD);
        final SipMessage byReference = analyse("Geolocation: <https://lis.example.vn/l/1>\r\n", "application/sdp", SDP, 0);
        assertThat(byReference.location.quality()).isEqualTo(LocationQuality.BY_REFERENCE);
        assertThat(byReference.location.reference()).isEqualTo("https://lis.example.vn/l/1");
        final SipMessage none = analyse("", "application/sdp", SDP, 0);
        assertThat(none.location.quality()).isEqualTo(LocationQuality.MISSING);
        assertThat(none.locationConveyed).isFalse();
        final SipMessage offerless = analyse("", null, "", 0);
        assertThat(offerless.sdp).isSameAs(SdpAnswer.defaultOffer());
        final SipMessage pidfOnly = analyse("", "application/pidf+xml", PIDF, 0);
        assertThat(pidfOnly.location.usable()).isTrue();
        assertThat(pidfOnly.sdp).isSameAs(SdpAnswer.defaultOffer());
    }

    @Test
    void takesAnEmergencyInviteWhoseBodyCannotBeUsedAsOneWithoutAnOfferAndSaysWhy()
    {
        final SipMessage boundary = analyse("Geolocation: <cid:x@y>\r\n", "multipart/mixed;boundary=wrong", multipart("b1", "x@y", true), 0);
        assertThat(boundary.sdp).isSameAs(SdpAnswer.defaultOffer());
        assertThat(boundary.bodyProblem).isEqualTo("Multipart Body: boundary 'wrong' not found");
        assertThat(boundary.location.quality()).isEqualTo(LocationQuality.UNUSABLE);
        assertThat(boundary.location.problem()).isEqualTo(LocationProblem.BAD_MULTIPART);
        assertThat(boundary.location.detail()).contains("boundary 'wrong' not found");
        assertThat(boundary.locationConveyed).isTrue();
        assertThat(boundary.caller).isEqualTo("+84901234567");

        final SipMessage noBoundary = analyse("", "multipart/mixed", multipart("b1", "x@y", true), 0);
        assertThat(noBoundary.bodyProblem).isEqualTo("Multipart Body Without Boundary");
        assertThat(noBoundary.location.problem()).isEqualTo(LocationProblem.BAD_MULTIPART);

        final SipMessage text = analyse("", "text/plain", "help", 0);
        assertThat(text.sdp).isSameAs(SdpAnswer.defaultOffer());
        assertThat(text.bodyProblem).isEqualTo("Unsupported Media Type 'text/plain'");
        assertThat(text.location.quality()).isEqualTo(LocationQuality.UNUSABLE);
        assertThat(text.location.problem()).isEqualTo(LocationProblem.UNREADABLE_BODY);
        assertThat(text.location.detail()).isEqualTo("body not read: Unsupported Media Type 'text/plain'");

        final SipMessage gzip = analyse("Content-Encoding: gzip\r\n", "application/sdp", SDP, 0);
        assertThat(gzip.bodyProblem).isEqualTo("Unsupported Content-Encoding 'gzip'");
        assertThat(gzip.sdp).isSameAs(SdpAnswer.defaultOffer());

        assertThat(analyse("", null, SDP, 0).bodyProblem).isEqualTo("Body Without Content-Type");

        final SipMessage sdp = analyse("", "application/sdp", "v=1\r\n", 0);
        assertThat(sdp.bodyProblem).isEqualTo("Malformed SDP: no v=0");
        assertThat(sdp.sdp).isSameAs(SdpAnswer.defaultOffer());
        assertThat(sdp.location.problem()).isEqualTo(LocationProblem.UNREADABLE_BODY);

        // a broken SDP beside a good PIDF-LO: the location is still read
        final String brokenSdp = multipart("b1", "x@y", true).replace("v=0\r\n", "v=9\r\n");
        final SipMessage located = analyse("Geolocation: <cid:x@y>\r\n", "multipart/mixed;boundary=b1", brokenSdp, 0);
        assertThat(located.bodyProblem).isEqualTo("Malformed SDP: no v=0");
        assertThat(located.sdp).isSameAs(SdpAnswer.defaultOffer());
        assertThat(located.location.usable()).isTrue();

        // a location by reference survives a body that cannot be read
        final SipMessage byReference = analyse("Geolocation: <https://lis.example.vn/ref-1>\r\n", "text/plain", "help", 0);
        assertThat(byReference.location.quality()).isEqualTo(LocationQuality.BY_REFERENCE);
        assertThat(byReference.bodyProblem).isNotNull();
    }

    @Test
    void stillRefusesAReinviteForItsBodyWhichLeavesTheDialogAsItWas()
    {
        assertThat(analyse("", "multipart/mixed;boundary=wrong", multipart("b1", "x@y", true), 488, true).errorReason())
            .isEqualTo("Multipart Body: boundary 'wrong' not found");
        assertThat(analyse("", "multipart/mixed", multipart("b1", "x@y", true), 488, true).errorReason())
            .isEqualTo("Multipart Body Without Boundary");
        assertThat(analyse("", "text/plain", "help", 415, true).errorReason()).isEqualTo("Unsupported Media Type 'text/plain'");
        assertThat(analyse("Content-Encoding: gzip\r\n", "application/sdp", SDP, 415, true).errorReason())
            .isEqualTo("Unsupported Content-Encoding 'gzip'");
        assertThat(analyse("", null, SDP, 400, true).errorReason()).isEqualTo("Body Without Content-Type");
        assertThat(analyse("", "application/sdp", "v=1\r\n", 488, true).errorReason()).isEqualTo("Malformed SDP: no v=0");
    }
}
