package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SipParserTest
{
    private static final String INVITE =
        "INVITE urn:service:sos SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds;rport\r\n" +
        "Via: SIP/2.0/TCP proxy.example.vn;branch=z9hG4bKproxy\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <urn:service:sos>\r\n" +
        "From: \"Caller\" <sip:+84901234567@ims.example.vn>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.example.vn\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:+84901234567@192.0.2.10:5070>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 4\r\n" +
        "\r\n" +
        "v=0\n";

    static SipMessage parse(final String text, final boolean datagram)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final SipMessage m = new SipMessage(SipGatewayContext.DEFAULT_MAX_HEADERS);
        SipParser.parse(m, bytes, bytes.length, datagram);
        return m;
    }

    @Test
    void readsARequestAndTheFieldsTheGatewayNeeds()
    {
        final SipMessage m = parse(INVITE, true);
        assertThat(m.valid()).as(m.errorReason()).isTrue();
        assertThat(m.request).isTrue();
        assertThat(m.method).isEqualTo(SipMessage.INVITE);
        assertThat(m.requestUri()).isEqualTo("urn:service:sos");
        assertThat(m.callId).isEqualTo("a84b4c76e66710@pc33.example.vn");
        assertThat(m.cseq).isEqualTo(314159);
        assertThat(m.fromTag).isEqualTo("1928301774");
        assertThat(m.toTag).isNull();
        assertThat(m.branch).isEqualTo("z9hG4bK776asdhds");
        assertThat(m.viaHost).isEqualTo("192.0.2.10");
        assertThat(m.viaPort).isEqualTo(5070);
        assertThat(m.viaRportEnd).isPositive();
        assertThat(m.viaReliable).isFalse();
        assertThat(m.count(SipHeaders.VIA)).isEqualTo(2);
        assertThat(m.bodyLength).isEqualTo(4);
        assertThat(new String(m.buffer, m.bodyOffset, m.bodyLength, StandardCharsets.UTF_8)).isEqualTo("v=0\n");
    }

    @Test
    void readsCompactFormsAndFoldedLines()
    {
        final SipMessage m = parse(
            "BYE sip:beacon@198.51.100.1 SIP/2.0\r\n" +
            "v: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKa\r\n" +
            "f: <sip:a@b>;tag=x\r\n" +
            "t: <sip:beacon@198.51.100.1>\r\n" +
            "  ;tag=folded\r\n" +
            "i: id-1\r\n" +
            "CSeq: 2 BYE\r\n" +
            "l: 0\r\n\r\n", false);
        assertThat(m.valid()).as(m.errorReason()).isTrue();
        assertThat(m.callId).isEqualTo("id-1");
        assertThat(m.toTag).isEqualTo("folded");
        assertThat(m.viaPort).isEqualTo(-1);
        assertThat(m.contentLength).isZero();
    }

    @Test
    void ignoresPaddingAfterTheDeclaredBodyOfADatagramAndLeadingBlankLines()
    {
        final SipMessage m = parse("\r\n\r\n" + INVITE + "padding", true);
        assertThat(m.valid()).isTrue();
        assertThat(m.bodyLength).isEqualTo(4);
    }

    static Stream<Arguments> malformed()
    {
        return Stream.of(
            Arguments.of("Call-ID: a84b4c76e66710@pc33.example.vn\r\n", "", "Missing Call-ID Header"),
            Arguments.of("CSeq: 314159 INVITE", "CSeq: 314159 BYE", "CSeq Method Does Not Match Request"),
            Arguments.of("CSeq: 314159 INVITE", "CSeq: many INVITE", "Malformed CSeq Header"),
            Arguments.of("Content-Length: 4", "Content-Length: 400", "Content-Length Exceeds Message"),
            Arguments.of("Content-Length: 4", "Content-Length: four", "Malformed Content-Length Header"),
            Arguments.of("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nCall-ID: again\r\n", "Duplicate Call-ID Header"),
            Arguments.of("To: <urn:service:sos>", "To: nothing", "Malformed To Header"),
            Arguments.of("From: \"Caller\" <sip:+84901234567@ims.example.vn>;tag=1928301774\r\n", "", "Missing From Header"),
            Arguments.of("Max-Forwards: 70", "Max-Forwards: seventy", "Malformed Max-Forwards Header"),
            Arguments.of("Via: SIP/2.0/UDP 192.0.2.10:5070", "Via: SIP/2.0/UDP 192.0.2.10:99999", "Malformed Via Header"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("malformed")
    void refusesMalformedRequestsWith400AndTheFirstFault(final String find, final String replace, final String reason)
    {
        assertThat(INVITE).contains(find);
        final SipMessage m = parse(INVITE.replace(find, replace), true);
        assertThat(m.valid()).isFalse();
        assertThat(m.errorCode()).isEqualTo(400);
        assertThat(m.errorReason()).isEqualTo(reason);
        assertThat(m.notSip).isFalse();
    }

    @Test
    void leavesOutAHeaderLineItCannotReadWhenTheRequestCanDoWithoutIt()
    {
        final SipMessage noColon = parse(INVITE.replace("Max-Forwards: 70", "Max-Forwards 70"), true);
        assertThat(noColon.valid()).as(noColon.errorReason()).isTrue();
        assertThat(noColon.ignoredHeaders).isEqualTo(1);
        assertThat(noColon.ignoredHeaderReason).isEqualTo("Malformed Header Line");
        assertThat(noColon.first(SipHeaders.MAX_FORWARDS)).isNegative();

        final SipMessage latin1 = parseLatin1(INVITE.replace("Content-Type:", "Subject: caf\u00e9 ch\u00e1y\r\nContent-Type:"));
        assertThat(latin1.valid()).as(latin1.errorReason()).isTrue();
        assertThat(latin1.ignoredHeaderReason).isEqualTo("Malformed UTF-8 In Header");
        assertThat(latin1.first(SipHeaders.SUBJECT)).isNegative();

        final SipMessage nul = parse(INVITE.replace("Content-Type:", "User-Agent: a\u0000b\r\nContent-Type:"), true);
        assertThat(nul.valid()).as(nul.errorReason()).isTrue();
        assertThat(nul.ignoredHeaderReason).isEqualTo("Control Character In Header");

        // a required header is not left out: the request is refused
        final SipMessage via = parse(INVITE.replace("Via: SIP/2.0/UDP 192.0.2.10:5070", "Via: SIP/2.0/UDP 192.0.2.10:5070\u0000"), true);
        assertThat(via.errorReason()).isEqualTo("Control Character In Header");
        final SipMessage viaGone = parse(INVITE.replace("Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds;rport\r\n",
            "Via SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds;rport\r\n")
            .replace("Via: SIP/2.0/TCP proxy.example.vn;branch=z9hG4bKproxy\r\n", ""), true);
        assertThat(viaGone.errorReason()).isEqualTo("Missing Via Header");
    }

    @Test
    void readsAStreamMessageOnlyWithContentLength()
    {
        assertThat(parse(INVITE.replace("Content-Length: 4\r\n", ""), false).errorReason()).isEqualTo("Missing Content-Length Header");
        assertThat(parse(INVITE.replace("Content-Length: 4\r\n", ""), true).bodyLength).isEqualTo(4);
    }

    @Test
    void aRequestWithoutViaOrCallIdCannotBeAnsweredButOneWithABrokenCseqCan()
    {
        final SipMessage noVia = parse(INVITE.replace("Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds;rport\r\n", "")
            .replace("Via: SIP/2.0/TCP proxy.example.vn;branch=z9hG4bKproxy\r\n", ""), true);
        assertThat(noVia.errorReason()).isEqualTo("Missing Via Header");
        assertThat(noVia.respondable()).isFalse();
        final SipMessage noCallId = parse(INVITE.replace("Call-ID: a84b4c76e66710@pc33.example.vn\r\n", ""), true);
        assertThat(noCallId.respondable()).isFalse();
        final SipMessage badCseq = parse(INVITE.replace("CSeq: 314159 INVITE", "CSeq: x INVITE"), true);
        assertThat(badCseq.respondable()).isTrue();
    }

    @Test
    void answersAnotherSipVersionWith505()
    {
        final SipMessage m = parse(INVITE.replace("INVITE urn:service:sos SIP/2.0", "INVITE urn:service:sos SIP/3.0"), true);
        assertThat(m.errorCode()).isEqualTo(505);
        assertThat(m.respondable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "\u0001\u0002binary\r\n\r\n",
        "hello\r\n\r\n",
        "INVITE  SIP/2.0\r\n\r\n",
        "no line end at all",
    })
    void recognisesInputThatIsNotSip(final String text)
    {
        final SipMessage m = parse(text, true);
        assertThat(m.notSip).isTrue();
        assertThat(m.respondable()).isFalse();
    }

    @Test
    void limitsTheNumberOfHeaders()
    {
        final StringBuilder many = new StringBuilder();
        for (int i = 0; i < 200; i++)
        {
            many.append("X-Filler-").append(i).append(": ").append(i).append("\r\n");
        }
        final SipMessage m = parse(INVITE.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + many), true);
        assertThat(m.errorReason()).isEqualTo("Too Many Headers");
        assertThat(m.respondable()).isTrue();
    }

    @Test
    void readsResponsesAsResponses()
    {
        final SipMessage m = parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n", true);
        assertThat(m.request).isFalse();
        assertThat(m.statusCode).isEqualTo(200);
        assertThat(m.notSip).isFalse();
    }

    @Test
    void aResponseCopiesTheViasFillsRportAndReceivedAndAddsTheTag()
    {
        final SipMessage m = parse(INVITE, true);
        final EmbeddedChannel channel = new EmbeddedChannel();
        m.peer = SipPeer.udp(channel, new InetSocketAddress("203.0.113.7", 40000), new InetSocketAddress("127.0.0.1", 5060));
        final String response = new String(new SipResponseEncoder("Beacon-test").response(m, 404, "Not An Emergency Service", "t1",
            null, null, null), StandardCharsets.US_ASCII);
        assertThat(response).startsWith("SIP/2.0 404 Not An Emergency Service\r\n");
        assertThat(response).contains("Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds;rport=40000;received=203.0.113.7\r\n" +
            "Via: SIP/2.0/TCP proxy.example.vn;branch=z9hG4bKproxy\r\n");
        assertThat(response).contains("To: <urn:service:sos>;tag=t1\r\n");
        assertThat(response).contains("Call-ID: a84b4c76e66710@pc33.example.vn\r\nCSeq: 314159 INVITE\r\n");
        assertThat(response).endsWith("Content-Length: 0\r\n\r\n");
        assertThat(m.peer.forResponses(m)).isSameAs(m.peer);
        channel.finishAndReleaseAll();
    }

    @Test
    void withoutRportResponsesGoToTheViaPort()
    {
        final SipMessage m = parse(INVITE.replace(";rport", ""), true);
        final EmbeddedChannel channel = new EmbeddedChannel();
        final SipPeer peer = SipPeer.udp(channel, new InetSocketAddress("203.0.113.7", 40000), new InetSocketAddress("127.0.0.1", 5060));
        m.peer = peer;
        assertThat(peer.forResponses(m)).isNotSameAs(peer);
        final String response = new String(new SipResponseEncoder("Beacon-test").response(m, 200, "OK", "t1", null, null, null),
            StandardCharsets.US_ASCII);
        assertThat(response).contains("branch=z9hG4bK776asdhds;received=203.0.113.7\r\n");
        channel.finishAndReleaseAll();
    }

    private static SipMessage parseLatin1(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        final SipMessage m = new SipMessage(SipGatewayContext.DEFAULT_MAX_HEADERS);
        SipParser.parse(m, bytes, bytes.length, true);
        return m;
    }

    @Test
    void aHeaderThatIsNotUtf8IsMalformedButStillAnswerableExceptTheLocationHeaders()
    {
        // a Latin-1 e-acute is one byte 0xE9: not UTF-8
        final SipMessage callId = parseLatin1(INVITE.replace("a84b4c76e66710@pc33", "caf\u00e9@pc33"));
        assertThat(callId.valid()).isFalse();
        assertThat(callId.errorCode()).isEqualTo(400);
        assertThat(callId.errorReason()).isEqualTo("Malformed UTF-8 In Header");
        assertThat(callId.respondable()).as("the Call-ID is copied back as it came").isTrue();

        final SipMessage from = parseLatin1(INVITE.replace("\"Caller\"", "\"J\u00f6rg\""));
        assertThat(from.errorReason()).isEqualTo("Malformed UTF-8 In Header");
        assertThat(parse(INVITE.replace("\"Caller\"", "\"J\u00f6rg\""), true).valid()).as("the same name in UTF-8").isTrue();

        final SipMessage geolocation = parseLatin1(INVITE.replace("Content-Type:", "Geolocation: <cid:caf\u00e9@x>\r\nContent-Type:"));
        assertThat(geolocation.valid()).as("a location never refuses a call").isTrue();

        assertThat(SipText.isUtf8(new byte[] {(byte)0xC0, (byte)0x80}, 0, 2)).as("overlong").isFalse();
        assertThat(SipText.isUtf8(new byte[] {(byte)0xED, (byte)0xA0, (byte)0x80}, 0, 3)).as("surrogate").isFalse();
        assertThat(SipText.isUtf8(new byte[] {(byte)0xF4, (byte)0x90, (byte)0x80, (byte)0x80}, 0, 4)).as("above U+10FFFF").isFalse();
        assertThat(SipText.isUtf8(new byte[] {(byte)0xE2, (byte)0x82}, 0, 2)).as("truncated").isFalse();
        assertThat(SipText.isUtf8("\u20ac \ud83d\ude91".getBytes(StandardCharsets.UTF_8), 0, 8)).isTrue();
    }
}
