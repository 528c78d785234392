package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class SipStreamDecoderTest
{
    private static final String OPTIONS = "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nCall-ID: a\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:x>\r\n" +
        "CSeq: 1 OPTIONS\r\nContent-Length: 5\r\n\r\nhello";

    private final SipCounters counters = new SipCounters();

    private EmbeddedChannel channel(final int max)
    {
        return new EmbeddedChannel(new SipStreamDecoder(max, java.util.concurrent.TimeUnit.SECONDS.toNanos(32), counters));
    }

    private static ByteBuf bytes(final String s)
    {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void framesByContentLengthAcrossAndWithinReads()
    {
        final EmbeddedChannel ch = channel(65536);
        final String two = OPTIONS + OPTIONS.replace("Call-ID: a", "i: b");
        ch.writeInbound(bytes(two.substring(0, 30)));
        assertThat((Object)ch.readInbound()).isNull();
        ch.writeInbound(bytes(two.substring(30, OPTIONS.length() + 10)));
        final SipStreamDecoder.Frame first = ch.readInbound();
        assertThat(new String(first.bytes, StandardCharsets.ISO_8859_1)).isEqualTo(OPTIONS);
        ch.writeInbound(bytes(two.substring(OPTIONS.length() + 10)));
        final SipStreamDecoder.Frame second = ch.readInbound();
        assertThat(new String(second.bytes, StandardCharsets.ISO_8859_1)).contains("i: b").endsWith("hello");
        assertThat(second.oversize).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void answersKeepAlivePingsWithAPong()
    {
        final EmbeddedChannel ch = channel(65536);
        ch.writeInbound(bytes("\r\n\r\n" + OPTIONS));
        final ByteBuf pong = ch.readOutbound();
        assertThat(pong.toString(StandardCharsets.US_ASCII)).isEqualTo("\r\n");
        pong.release();
        assertThat((Object)ch.readInbound()).isNotNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void passesTheHeadersOfAnOversizedMessageAndSkipsItsBody()
    {
        final EmbeddedChannel ch = channel(1024);
        final String big = OPTIONS.replace("Content-Length: 5", "Content-Length: 5000").replace("hello", "x".repeat(5000));
        ch.writeInbound(bytes(big + OPTIONS));
        final SipStreamDecoder.Frame oversize = ch.readInbound();
        assertThat(oversize.oversize).isTrue();
        assertThat(new String(oversize.bytes, StandardCharsets.ISO_8859_1)).endsWith("Content-Length: 5000\r\n\r\n");
        final SipStreamDecoder.Frame next = ch.readInbound();
        assertThat(new String(next.bytes, StandardCharsets.ISO_8859_1)).isEqualTo(OPTIONS);
        ch.finishAndReleaseAll();
    }

    @Test
    void answersBytesThatAreNotSipWithA400AndStopsReading()
    {
        final EmbeddedChannel ch = channel(65536);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}));
        final ByteBuf answer = ch.readOutbound();
        assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("SIP/2.0 400 Not A SIP Message\r\n");
        answer.release();
        ch.writeInbound(bytes(OPTIONS));
        assertThat((Object)ch.readInbound()).isNull();
        assertThat(counters.notSip()).isEqualTo(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void passesAMessageWithoutContentLengthForTheParserToRefuse()
    {
        final EmbeddedChannel ch = channel(65536);
        ch.writeInbound(bytes(OPTIONS.replace("Content-Length: 5\r\n", "").replace("hello", "")));
        final SipStreamDecoder.Frame frame = ch.readInbound();
        final SipMessage m = new SipMessage(128);
        SipParser.parse(m, frame.bytes, frame.bytes.length, false);
        assertThat(m.errorReason()).isEqualTo("Missing Content-Length Header");
        ch.finishAndReleaseAll();
    }

    @Test
    void refusesAHeaderSectionLongerThanTheLimit()
    {
        final EmbeddedChannel ch = channel(1024);
        ch.writeInbound(bytes("OPTIONS sip:x SIP/2.0\r\nX-Long: " + "y".repeat(2000)));
        final ByteBuf answer = ch.readOutbound();
        assertThat(answer.toString(StandardCharsets.US_ASCII)).startsWith("SIP/2.0 513 Message Too Large\r\n");
        answer.release();
        assertThat(counters.tooLarge()).isEqualTo(1);
        ch.finishAndReleaseAll();
    }
}
