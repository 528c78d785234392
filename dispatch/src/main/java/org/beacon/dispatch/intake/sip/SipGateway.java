package org.beacon.dispatch.intake.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NG112 SIP gateway: receives emergency calls as SIP INVITEs with PIDF-LO (RFC 3261, RFC 6442,
 * RFC 6881 / NENA i3 / ETSI TS 103 479 shapes of an emergency INVITE) on UDP and TCP, journals
 * each call, location update and call end through the core, and answers like a real UAS.
 *
 * <pre>
 *   SipGatewayContext ctx = new SipGatewayContext().port(5060).coreAddress(nodeContext.coreAddress());
 *   try (SipGateway gateway = SipGateway.launch(ctx)) { ... gateway.counters() ... }
 * </pre>
 *
 * <p>Why a SIP parser of its own on Netty rather than the JAIN-SIP reference implementation: the
 * RI is old (no meaningful development for years), starts threads per listening point and per
 * transaction timer, builds a deep object graph for every message and every header, and hides its
 * transaction layer behind a listener API that makes "answer only after the journal's Ack" awkward.
 * The gateway needs a small, strict subset: requests as a UAS, five methods, a handful of headers.
 * A strict parser over byte offsets on Netty's event loops is a few hundred lines, allocates little
 * per message, validates exactly what the gateway relies on, and leaves every thread decision to
 * the gateway.
 *
 * <p>Threads: Netty I/O threads (configurable, default 2) parse, validate, answer stateless
 * requests and do the per-INVITE heavy work (SDP, multipart, PIDF-LO, cell lookup); they never
 * block. Everything with state goes through a bounded lock-free queue (full: 503) to one gateway
 * thread ({@link SipGatewayAgent}) that owns the core client, the calls and the timers.
 */
public final class SipGateway implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SipGateway.class);
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    private final SipGatewayContext ctx;
    private final SipCounters counters = new SipCounters();
    private final AtomicInteger connections = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private EventLoopGroup group;
    private Channel udpChannel;
    private Channel tcpChannel;
    private AgentRunner runner;
    private SipGatewayAgent agent;
    private ExecutorService connector;
    private SipIntake intake;
    private int port;

    private SipGateway(final SipGatewayContext ctx)
    {
        this.ctx = ctx;
    }

    /**
     * Validates the configuration, binds the sockets and starts the gateway thread. The core
     * connection is made in the background; until it exists, calls wait up to the core timeout and
     * are then answered 503.
     *
     * @param ctx the configuration.
     * @return the running gateway.
     */
    public static SipGateway launch(final SipGatewayContext ctx)
    {
        ctx.conclude();
        final SipGateway gateway = new SipGateway(ctx);
        try
        {
            gateway.start();
        }
        catch (final RuntimeException ex)
        {
            gateway.close();
            throw ex;
        }
        return gateway;
    }

    private void start()
    {
        final ManyToOneConcurrentArrayQueue<SipMessage> queue = new ManyToOneConcurrentArrayQueue<>(ctx.inboundQueueCapacity());
        intake = new SipIntake(ctx, counters, queue);
        group = new MultiThreadIoEventLoopGroup(ctx.ioThreads(), new DefaultThreadFactory("beacon-sip-io", true),
            NioIoHandler.newFactory());
        bind();
        connector = Executors.newSingleThreadExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "beacon-sip-connect");
            thread.setDaemon(true);
            return thread;
        });
        agent = new SipGatewayAgent(ctx, counters, queue, connector, port);
        runner = new AgentRunner(ctx.idleStrategy().get(), this::onAgentError, null, agent);
        AgentRunner.startOnThread(runner);
        LOG.info("SIP gateway listening on {}:{} ({}{})", ctx.bindAddress(), port, ctx.udp() ? "UDP" : "",
            ctx.tcp() ? (ctx.udp() ? "+TCP" : "TCP") : "");
    }

    private void bind()
    {
        RuntimeException last = null;
        for (int attempt = 0; attempt < (ctx.port() == 0 ? 20 : 1); attempt++)
        {
            try
            {
                int bound = ctx.port();
                if (ctx.udp())
                {
                    udpChannel = udpBootstrap().bind(ctx.bindAddress(), bound).syncUninterruptibly().channel();
                    bound = ((InetSocketAddress)udpChannel.localAddress()).getPort();
                }
                if (ctx.tcp())
                {
                    tcpChannel = tcpBootstrap().bind(ctx.bindAddress(), bound).syncUninterruptibly().channel();
                    bound = ((InetSocketAddress)tcpChannel.localAddress()).getPort();
                }
                port = bound;
                return;
            }
            catch (final RuntimeException ex)
            {
                // with port 0 the TCP port picked to match UDP's may be taken: try another pair
                last = ex;
                closeChannels();
            }
        }
        throw new IllegalStateException("cannot bind SIP on " + ctx.bindAddress() + ":" + ctx.port(), last);
    }

    private Bootstrap udpBootstrap()
    {
        return new Bootstrap()
            .group(group)
            .channel(NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(64 * 1024))
            .handler(new UdpHandler());
    }

    private ServerBootstrap tcpBootstrap()
    {
        return new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    if (!admit(channel))
                    {
                        return;
                    }
                    channel.pipeline().addLast(
                        new IdleStateHandler(0, 0, ctx.tcpIdleTimeoutNs(), TimeUnit.NANOSECONDS),
                        new SipStreamDecoder(ctx.maxMessageLength(), ctx.tcpPartialMessageTimeoutNs(), counters),
                        new TcpHandler());
                }
            });
    }

    /**
     * Counts a new connection against the total and its address's limits; one over either is closed at once (the peer
     * sees the connection end before any answer: no SIP message exists yet to answer) and counted.
     *
     * @return whether the connection is admitted.
     */
    private boolean admit(final SocketChannel channel)
    {
        final InetAddress address = channel.remoteAddress().getAddress();
        if (connections.incrementAndGet() > ctx.maxTcpConnections())
        {
            connections.decrementAndGet();
            counters.overloaded.incrementAndGet();
            channel.close();
            return false;
        }
        final AtomicInteger fromAddress = perAddress.computeIfAbsent(address, key -> new AtomicInteger());
        if (fromAddress.incrementAndGet() > ctx.maxTcpConnectionsPerAddress())
        {
            release(address, fromAddress);
            counters.tcpRefusedPerAddress.incrementAndGet();
            channel.close();
            return false;
        }
        counters.tcpConnections.incrementAndGet();
        channel.closeFuture().addListener(future ->
        {
            counters.tcpConnections.decrementAndGet();
            release(address, fromAddress);
        });
        return true;
    }

    private void release(final InetAddress address, final AtomicInteger fromAddress)
    {
        connections.decrementAndGet();
        if (fromAddress.decrementAndGet() == 0)
        {
            perAddress.remove(address, fromAddress);
        }
    }

    private void onAgentError(final Throwable throwable)
    {
        counters.internalErrors.incrementAndGet();
        LOG.error("SIP gateway thread error", throwable);
    }

    /** @return the port the gateway listens on (UDP and TCP). */
    public int port()
    {
        return port;
    }

    /** @return the configuration. */
    public SipGatewayContext context()
    {
        return ctx;
    }

    /** @return the counters. */
    public SipCounters counters()
    {
        return counters;
    }

    /** @return whether the gateway thread holds a connected core client. */
    public boolean coreConnected()
    {
        return null != agent && agent.coreConnected();
    }

    /** Stops listening, stops the gateway thread and disconnects from the core. */
    @Override
    public void close()
    {
        closeChannels();
        if (null != group)
        {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        CloseHelper.quietClose(runner);
        if (null != connector)
        {
            connector.shutdownNow();
        }
        LOG.info("SIP gateway stopped: {}", counters);
    }

    private void closeChannels()
    {
        if (null != udpChannel)
        {
            udpChannel.close().syncUninterruptibly();
            udpChannel = null;
        }
        if (null != tcpChannel)
        {
            tcpChannel.close().syncUninterruptibly();
            tcpChannel = null;
        }
    }

    private void failed(final Throwable cause)
    {
        counters.internalErrors.incrementAndGet();
        LOG.warn("SIP I/O handler error", cause);
    }

    /** Datagrams: one SIP message each. */
    @ChannelHandler.Sharable
    private final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket>
    {
        @Override
        protected void channelRead0(final ChannelHandlerContext context, final DatagramPacket packet)
        {
            final ByteBuf content = packet.content();
            final int length = content.readableBytes();
            if (length == 0 || (length <= 4 && isKeepAlive(content)))
            {
                return;
            }
            final byte[] bytes = new byte[length];
            content.getBytes(content.readerIndex(), bytes);
            try
            {
                intake.onMessage(bytes, length, SipPeer.udp(context.channel(), packet.sender(), packet.recipient()), true,
                    length > ctx.maxMessageLength());
            }
            catch (final RuntimeException ex)
            {
                failed(ex);
            }
        }

        private boolean isKeepAlive(final ByteBuf content)
        {
            for (int i = content.readerIndex(); i < content.writerIndex(); i++)
            {
                final byte b = content.getByte(i);
                if (b != '\r' && b != '\n' && b != 0)
                {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext context, final Throwable cause)
        {
            failed(cause);
        }
    }

    /** Framed TCP messages. */
    private final class TcpHandler extends SimpleChannelInboundHandler<SipStreamDecoder.Frame>
    {
        private SipPeer peer;

        @Override
        protected void channelRead0(final ChannelHandlerContext context, final SipStreamDecoder.Frame frame)
        {
            if (null == peer)
            {
                peer = SipPeer.tcp(context.channel());
            }
            try
            {
                if (!intake.onMessage(frame.bytes, frame.bytes.length, peer, false, frame.oversize))
                {
                    context.pipeline().get(SipStreamDecoder.class).rejectNotSip(context);
                }
            }
            catch (final RuntimeException ex)
            {
                failed(ex);
            }
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext context, final Object event) throws Exception
        {
            if (event instanceof IdleStateEvent)
            {
                // nothing either way for the idle timeout: close, unless a call's dialog still uses the connection
                if (null == peer || !peer.carriesDialog())
                {
                    counters.tcpIdleClosed.incrementAndGet();
                    context.close();
                }
                return;
            }
            super.userEventTriggered(context, event);
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext context, final Throwable cause)
        {
            if (!(cause instanceof java.io.IOException))
            {
                failed(cause);
            }
            context.close();
        }
    }
}
