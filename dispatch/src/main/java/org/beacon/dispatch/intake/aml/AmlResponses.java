package org.beacon.dispatch.intake.aml;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** Plain-text HTTP answers; writing is thread-safe in Netty, so the gateway thread answers directly. */
final class AmlResponses
{
    /** Retry-After of a 503 for a full disk at the centre. */
    static final int RETRY_DISK_SECONDS = 30;

    private AmlResponses()
    {
    }

    static void send(final Channel channel, final boolean keepAlive, final HttpResponseStatus status, final String text)
    {
        send(channel, keepAlive, status, text, 1);
    }

    static void send(
        final Channel channel, final boolean keepAlive, final HttpResponseStatus status, final String text, final int retryAfterSeconds)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
            .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (status == HttpResponseStatus.SERVICE_UNAVAILABLE)
        {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        if (status == HttpResponseStatus.METHOD_NOT_ALLOWED)
        {
            response.headers().set(HttpHeaderNames.ALLOW, "POST");
        }
        if (keepAlive)
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            channel.writeAndFlush(response);
        }
        else
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
