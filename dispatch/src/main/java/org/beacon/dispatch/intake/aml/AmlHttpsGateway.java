package org.beacon.dispatch.intake.aml;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.exceptions.TimeoutException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.beacon.core.client.CoreAddress;
import org.beacon.core.client.CoreClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AML intake gateway: an HTTP(S) endpoint on Netty taking {@code POST /aml} with either the HTTPS
 * form of ETSI TS 103 625 ({@code application/x-www-form-urlencoded}, see {@link AmlFormParser}) or a
 * relayed AML SMS ({@code text/plain}, see {@link AmlSmsParser}; the SMS sender's number in the
 * {@code from} query parameter or the {@code X-AML-Originator} header). TLS is on when a PEM
 * certificate chain and key are configured.
 *
 * <p>Answers: 200 {@code journaled <sequence>} only after the core acknowledged the
 * {@code LocationFix} as journaled; 400 with the reason for an invalid message; 404 / 405 / 413 / 415
 * for requests that are not AML; 503 when the core is unreachable, its Ack is late, or the hand-over
 * queue is full. Netty I/O threads only parse and validate; one gateway thread (an Agrona agent) owns
 * the {@link CoreClient}, so nothing on an I/O thread ever waits for the core.
 */
public final class AmlHttpsGateway implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(AmlHttpsGateway.class);

    private final AmlGatewayContext ctx;
    private final AmlGatewayCounters counters = new AmlGatewayCounters();
    private final AmlGatewayAgent agent;
    private final AgentRunner runner;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup ioGroup;
    private final Channel serverChannel;
    private boolean closed;

    private AmlHttpsGateway(final AmlGatewayContext ctx)
    {
        this.ctx = ctx;
        final SslContext sslContext = sslContext(ctx);
        final ManyToOneConcurrentArrayQueue<AmlRequest> queue = new ManyToOneConcurrentArrayQueue<>(ctx.queueCapacity());
        final Supplier<CoreClient> clients = null != ctx.coreClientSupplier() ? ctx.coreClientSupplier() :
            nodeClients(ctx.coreAddress(), ctx.sourceId(), this::onClientError);
        agent = new AmlGatewayAgent(queue, counters, clients, System::nanoTime, ctx.ackTimeoutNs(), ctx.reconnectIntervalNs(),
            ctx.sourceId());
        runner = new AgentRunner(new BackoffIdleStrategy(100, 10, 1_000, 500_000),
            throwable -> LOG.error("AML gateway thread error", throwable), null, agent);
        AgentRunner.startOnThread(runner);

        final AmlHttpHandler handler = new AmlHttpHandler(queue, counters, this::wakeUp, ctx.epochClock());
        bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(ctx.ioThreads(), NioIoHandler.newFactory());
        Channel bound = null;
        try
        {
            final ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel channel)
                    {
                        final ChannelPipeline pipeline = channel.pipeline();
                        pipeline.addLast(new ReadTimeoutHandler(ctx.readTimeoutSeconds()));
                        if (null != sslContext)
                        {
                            pipeline.addLast(sslContext.newHandler(channel.alloc()));
                        }
                        pipeline.addLast(new HttpServerCodec(4096, 8192, 8192));
                        pipeline.addLast(new CountingAggregator(ctx.maxBodyLength(), counters));
                        pipeline.addLast(handler);
                    }
                });
            bound = bootstrap.bind(ctx.bindAddress(), ctx.port()).syncUninterruptibly().channel();
        }
        finally
        {
            if (null == bound)
            {
                shutdown();
            }
        }
        serverChannel = bound;
    }

    /**
     * Starts a gateway: binds the port and starts the gateway thread, which connects to the core
     * (and keeps trying while it cannot).
     *
     * @param ctx the configuration.
     * @return the running gateway.
     */
    public static AmlHttpsGateway launch(final AmlGatewayContext ctx)
    {
        ctx.conclude();
        final AmlHttpsGateway gateway = new AmlHttpsGateway(ctx);
        LOG.info("AML gateway listening on {}:{} ({})", ctx.bindAddress(), gateway.port(), ctx.tls() ? "HTTPS" : "HTTP");
        return gateway;
    }

    private static SslContext sslContext(final AmlGatewayContext ctx)
    {
        if (!ctx.tls())
        {
            return null;
        }
        try
        {
            return SslContextBuilder.forServer(ctx.certificateChain().toFile(), ctx.privateKey().toFile()).build();
        }
        catch (final SSLException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("cannot load the TLS certificate and key: " + ex.getMessage(), ex);
        }
    }

    /**
     * Core clients over the node's Aeron folder; null (try later) while no media driver is alive there.
     * The Aeron client gets an error handler of its own: Aeron's default one ends the process when the
     * media driver goes away, and a gateway must outlive a node restart.
     *
     * @return the supplier the gateway thread calls.
     */
    static Supplier<CoreClient> nodeClients(final CoreAddress address, final int sourceId, final ErrorHandler errorHandler)
    {
        return () ->
        {
            final String dir = address.aeronDir();
            final Aeron.Context aeronContext = new Aeron.Context().aeronDirectoryName(dir).errorHandler(errorHandler)
                .subscriberErrorHandler(errorHandler);
            // Aeron.connect would wait out the driver timeout for a driver that is not there; look first
            if (!CommonContext.isDriverActive(new File(dir), aeronContext.driverTimeoutMs(), message -> { }))
            {
                return null;
            }
            return new CoreClient(Aeron.connect(aeronContext), true, address, sourceId);
        };
    }

    private void onClientError(final Throwable throwable)
    {
        if (throwable instanceof TimeoutException)
        {
            // the driver or the client timed out: the Aeron client has closed itself; make a new one later
            agent.clientFailed();
        }
        else
        {
            LOG.warn("AML gateway core client error: {}", throwable.toString());
        }
    }

    private void wakeUp()
    {
        final Thread thread = runner.thread();
        if (null != thread && thread != AgentRunner.TOMBSTONE)
        {
            LockSupport.unpark(thread);
        }
    }

    /** @return the port the gateway listens on (the one picked when configured as 0). */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /** @return the counters. */
    public AmlGatewayCounters counters()
    {
        return counters;
    }

    /** @return whether the gateway thread holds a connection to the core. */
    public boolean coreConnected()
    {
        return agent.connected();
    }

    /** @return the configuration. */
    public AmlGatewayContext context()
    {
        return ctx;
    }

    /** Stops accepting, answers every waiting request 503, closes the core client and the I/O threads. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (null != serverChannel)
        {
            serverChannel.close().syncUninterruptibly();
        }
        shutdown();
    }

    private void shutdown()
    {
        CloseHelper.quietClose(runner);
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The aggregator, counting the bodies it refuses as too large (it answers them 413 itself). */
    private static final class CountingAggregator extends HttpObjectAggregator
    {
        private final AmlGatewayCounters counters;

        CountingAggregator(final int maxContentLength, final AmlGatewayCounters counters)
        {
            super(maxContentLength);
            this.counters = counters;
        }

        @Override
        protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized) throws Exception
        {
            counters.onRejected("body-too-large");
            super.handleOversizedMessage(ctx, oversized);
        }
    }
}
