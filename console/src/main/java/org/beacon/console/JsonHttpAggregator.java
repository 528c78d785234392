package org.beacon.console;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's aggregator with the console's answer to a body over the limit: 413 with the same JSON error and
 * security headers as every other error, instead of Netty's empty 413. The connection is handled as Netty does:
 * closed after the answer when the body already arrived or the client will send it regardless (no
 * {@code Expect: 100-continue}, no keep-alive), otherwise kept and the rest of the body discarded.
 */
final class JsonHttpAggregator extends HttpObjectAggregator
{
    private final int maxContentLength;

    JsonHttpAggregator(final int maxContentLength)
    {
        super(maxContentLength);
        this.maxContentLength = maxContentLength;
    }

    private FullHttpResponse tooLarge()
    {
        final FullHttpResponse response = HttpIo.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            "the request body is over the limit of " + (maxContentLength / 1024) + " KiB");
        HttpIo.headers(response);
        return response;
    }

    @Override
    protected Object newContinueResponse(final HttpMessage start, final int limit, final ChannelPipeline pipeline)
    {
        final Object answer = super.newContinueResponse(start, limit, pipeline);
        if (answer instanceof FullHttpResponse response &&
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code() == response.status().code())
        {
            ReferenceCountUtil.release(answer);
            return tooLarge();
        }
        return answer;
    }

    @Override
    protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized) throws Exception
    {
        if (!(oversized instanceof HttpRequest))
        {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        final FullHttpResponse response = tooLarge();
        if (oversized instanceof FullHttpMessage || !ctx.channel().config().isAutoRead() ||
            !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized))
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }
}
