package org.beacon.console;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import org.beacon.console.auth.Sessions;

/**
 * One console's WebSocket after the handshake: registers it with the feed (which sends the snapshot, then
 * the updates), writes again when a slow socket drains, answers pings and removes the console when it goes.
 * Browsers send nothing else here: commands go over HTTP, where they are answered.
 */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame>
{
    private final HttpApiHandler.Services services;
    private ClientConnection client;

    WebSocketFrameHandler(final HttpApiHandler.Services services)
    {
        this.services = services;
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
    {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete)
        {
            final Sessions.Session session = ctx.channel().attr(HttpApiHandler.SESSION).get();
            final String hello = "{\"t\":\"hello\",\"user\":\"" + session.user().name() + "\",\"role\":\"" +
                session.user().role().json() + "\",\"operatorId\":" + session.user().operatorId() + "}";
            ctx.writeAndFlush(new TextWebSocketFrame(hello));
            client = new ClientConnection(ctx.channel(), session.user().role(), session.token(), session.user().name(),
                services.ctx().maxPending());
            services.feed().add(client);
        }
        else
        {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
    {
        if (frame instanceof TextWebSocketFrame text && text.text().contains("\"ping\""))
        {
            ctx.writeAndFlush(new TextWebSocketFrame("{\"t\":\"pong\"}"));
        }
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception
    {
        if (null != client && ctx.channel().isWritable())
        {
            client.flush();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        if (null != client)
        {
            services.feed().remove(client);
            client.close();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }
}
