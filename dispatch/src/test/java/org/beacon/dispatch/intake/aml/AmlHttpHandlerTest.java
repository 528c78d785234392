package org.beacon.dispatch.intake.aml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.junit.jupiter.api.Test;

/** The I/O-thread half of the gateway on an embedded channel: hand-over, a full queue, originators. */
class AmlHttpHandlerTest
{
    private final ManyToOneConcurrentArrayQueue<AmlRequest> queue = new ManyToOneConcurrentArrayQueue<>(2);
    private final AmlGatewayCounters counters = new AmlGatewayCounters();
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final EmbeddedChannel channel = new EmbeddedChannel(new AmlHttpHandler(queue, counters, wakeUps::incrementAndGet,
        () -> 1_777_622_400_000_000_000L));

    private static FullHttpRequest request(final String uri, final String contentType, final String body)
    {
        final FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        if (null != contentType)
        {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        return request;
    }

    @Test
    void validMessagesAreHandedOverAndTheGatewayThreadWoken()
    {
        channel.writeInbound(request("/aml", "application/x-www-form-urlencoded", AmlFormParserTest.FORM));
        assertThat((Object)channel.readOutbound()).isNull();
        final AmlRequest handed = queue.poll();
        assertThat(handed.message().caller()).isEqualTo("+84901234567");
        assertThat(handed.keepAlive).isTrue();
        assertThat(wakeUps.get()).isEqualTo(1);
    }

    @Test
    void theOriginatorComesFromTheQueryOrTheHeader()
    {
        final String sms = AmlSmsParserTest.sms(AmlSmsParserTest.FIELDS);
        channel.writeInbound(request("/aml?from=%2B84900000001", "text/plain", sms));
        assertThat(queue.poll().message().caller()).isEqualTo("+84900000001");
        final FullHttpRequest withHeader = request("/aml", "text/plain", sms);
        withHeader.headers().set(AmlHttpHandler.ORIGINATOR_HEADER, "+84900000002");
        channel.writeInbound(withHeader);
        assertThat(queue.poll().message().caller()).isEqualTo("+84900000002");
        channel.writeInbound(request("/aml", "text/plain", sms));
        assertThat(queue.poll().message().caller()).isNull();
    }

    @Test
    void aFullQueueIsAnswered503AtOnce()
    {
        for (int i = 0; i < 2; i++)
        {
            channel.writeInbound(request("/aml", "application/x-www-form-urlencoded", AmlFormParserTest.FORM));
        }
        channel.writeInbound(request("/aml", "application/x-www-form-urlencoded", AmlFormParserTest.FORM));
        final FullHttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("queue is full");
        assertThat(response.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(counters.unavailable()).isEqualTo(1);
        response.release();
    }

    @Test
    void undecodableRequestsAreRefusedAndTheConnectionClosed()
    {
        final FullHttpRequest broken = request("/aml", "text/plain", "x");
        broken.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad")));
        channel.writeInbound(broken);
        final FullHttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(counters.rejected("http")).isEqualTo(1);
        response.release();
        assertThat(channel.isOpen()).isFalse();
    }
}
