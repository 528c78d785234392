package org.beacon.dispatch.intake.aml;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Queue;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.agrona.concurrent.EpochNanoClock;
import org.beacon.dispatch.location.PersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates {@code POST /aml} requests on a Netty I/O thread and hands the valid ones to the gateway
 * thread through a bounded queue; never blocks. Bad requests are answered here with the reason.
 */
@ChannelHandler.Sharable
final class AmlHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    /** The path AML is posted to. */
    static final String PATH = "/aml";
    /** Header an SMS relay may use to pass the SMS sender's number with the SMS form. */
    static final String ORIGINATOR_HEADER = "X-AML-Originator";

    private static final Logger LOG = LoggerFactory.getLogger(AmlHttpHandler.class);

    private final Queue<AmlRequest> queue;
    private final AmlGatewayCounters counters;
    private final Runnable wakeUp;
    private final EpochNanoClock clock;

    AmlHttpHandler(final Queue<AmlRequest> queue, final AmlGatewayCounters counters, final Runnable wakeUp, final EpochNanoClock clock)
    {
        this.queue = queue;
        this.counters = counters;
        this.wakeUp = wakeUp;
        this.clock = clock;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess())
        {
            reject(ctx, false, HttpResponseStatus.BAD_REQUEST, "http", "bad HTTP request");
            return;
        }
        final QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (!PATH.equals(uri.path()))
        {
            reject(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "path", "not found: AML is posted to " + PATH);
            return;
        }
        if (!HttpMethod.POST.equals(request.method()))
        {
            reject(ctx, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "method",
                "method " + request.method() + " not allowed: use POST");
            return;
        }
        final String body = request.content().toString(StandardCharsets.UTF_8);
        final CharSequence mime = HttpUtil.getMimeType(request);
        final String type = null == mime ? "" : mime.toString().trim().toLowerCase(Locale.ROOT);
        final AmlMessage message;
        if (type.equals("application/x-www-form-urlencoded") || (type.isEmpty() && !body.startsWith(AmlSmsParser.HEADER) &&
            body.indexOf('=') > 0))
        {
            message = AmlFormParser.parse(body, clock.nanoTime());
        }
        else if (type.equals("text/plain") || (type.isEmpty() && body.startsWith(AmlSmsParser.HEADER)))
        {
            message = AmlSmsParser.parse(body, originator(request, uri), clock.nanoTime());
        }
        else
        {
            reject(ctx, keepAlive, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "content-type",
                "unsupported content type '" + printable(type) + "': use application/x-www-form-urlencoded or text/plain");
            return;
        }
        if (!message.valid())
        {
            reject(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, message.errorKey(), "rejected: " + message.error());
            return;
        }
        if (message.timeUnusable())
        {
            counters.onTimeUnusable();
        }
        if (!queue.offer(new AmlRequest(message, ctx.channel(), keepAlive)))
        {
            counters.onUnavailable();
            AmlResponses.send(ctx.channel(), keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "busy: the gateway queue is full");
            return;
        }
        wakeUp.run();
    }

    private static String originator(final FullHttpRequest request, final QueryStringDecoder uri)
    {
        final List<String> from = uri.parameters().get("from");
        if (null != from && !from.isEmpty())
        {
            return from.get(0).trim();
        }
        final String header = request.headers().get(ORIGINATOR_HEADER);
        return null == header ? null : header.trim();
    }

    private void reject(
        final ChannelHandlerContext ctx, final boolean keepAlive, final HttpResponseStatus status, final String reason, final String text)
    {
        counters.onRejected(reason);
        if (LOG.isDebugEnabled())
        {
            LOG.debug("AML request from {} rejected ({}): {}", PersonalData.mask(String.valueOf(ctx.channel().remoteAddress())),
                status.code(), text);
        }
        AmlResponses.send(ctx.channel(), keepAlive, status, text);
    }

    private static String printable(final String text)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 48; i++)
        {
            final char c = text.charAt(i);
            out.append(c < 0x20 || c >= 0x7f ? '?' : c);
        }
        return out.toString();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        // read timeouts, resets and TLS failures end the connection, nothing else
        if (LOG.isDebugEnabled())
        {
            LOG.debug("AML connection closed: {}", cause.toString());
        }
        ctx.close();
    }
}
