package org.beacon.console;

import java.net.InetSocketAddress;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.stream.ChunkedWriteHandler;
import org.agrona.CloseHelper;
import org.beacon.console.auth.Sessions;
import org.beacon.console.auth.UserStore;

/**
 * The console gateway: a Netty HTTP(S) and WebSocket server in front of the consoles. It serves the
 * pages, logs operators in, sends their commands to the core over Aeron ({@link CoreLink}), pushes the
 * live model to every open console ({@link ConsoleFeed}) and answers the auditor ({@link AuditService}).
 */
public final class ConsoleGateway implements AutoCloseable
{
    /** Largest request body (commands, log-in). */
    public static final int MAX_BODY = 64 * 1024;

    private final ConsoleContext ctx;
    private final UserStore users;
    private final Sessions sessions;
    private final CoreLink coreLink;
    private final ConsoleFeed feed;
    private final AuditService audit;
    private final ExecutorService workers;
    private final ExecutorService auditWorker;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup ioGroup;
    private final Channel bound;
    private final boolean tls;

    private ConsoleGateway(final ConsoleContext ctx)
    {
        this.ctx = ctx;
        this.users = new UserStore(ctx.usersFile(), ctx.clock());
        this.sessions = new Sessions(ctx.clock(), ctx.idleTimeoutMs(), ctx.absoluteTimeoutMs());
        final SslContext ssl = sslContext(ctx);
        this.tls = null != ssl;
        final AtomicInteger workerNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(2, r ->
        {
            final Thread t = new Thread(r, "beacon-console-worker-" + workerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.auditWorker = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "beacon-console-audit");
            t.setDaemon(true);
            return t;
        });
        this.feed = new ConsoleFeed(ctx.nodeContext().dataDir(), ctx.intersections(), token -> sessions.lookup(token).isPresent());
        this.audit = new AuditService(ctx.nodeContext().dataDir(), ctx.intersections(), feed);
        this.coreLink = new CoreLink(ctx.nodeContext().coreAddress());
        final JournalVerifier verifier = null != ctx.verifier() ? ctx.verifier() :
            ServiceLoader.load(JournalVerifier.class).findFirst().orElse(null);
        final HttpApiHandler.Services services = new HttpApiHandler.Services(users, sessions, coreLink, feed, audit, verifier,
            workers, auditWorker, ctx, tls);
        bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ioGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try
        {
            final ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel channel)
                    {
                        final ChannelPipeline pipeline = channel.pipeline();
                        if (null != ssl)
                        {
                            pipeline.addLast(ssl.newHandler(channel.alloc()));
                        }
                        pipeline.addLast(new HttpServerCodec(8192, 16384, 16384));
                        pipeline.addLast(new JsonHttpAggregator(MAX_BODY));
                        pipeline.addLast(new ChunkedWriteHandler());
                        pipeline.addLast(new HttpApiHandler(services));
                        pipeline.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath("/ws")
                            .checkStartsWith(false)
                            .maxFramePayloadLength(MAX_BODY)
                            .handshakeTimeoutMillis(10_000)
                            .build()));
                        pipeline.addLast(new WebSocketFrameHandler(services));
                    }
                });
            bound = bootstrap.bind(ctx.bindAddress(), ctx.port()).syncUninterruptibly().channel();
        }
        catch (final RuntimeException ex)
        {
            closeResources();
            throw ex;
        }
        feed.start();
    }

    /**
     * Starts the console gateway: binds the port, starts the feed and connects to the core.
     *
     * @param ctx the configuration (concluded here).
     * @return the running gateway.
     */
    public static ConsoleGateway launch(final ConsoleContext ctx)
    {
        return new ConsoleGateway(ctx.conclude());
    }

    private static SslContext sslContext(final ConsoleContext ctx)
    {
        if (null == ctx.certificateChain())
        {
            return null;
        }
        try
        {
            return SslContextBuilder.forServer(ctx.certificateChain().toFile(), ctx.privateKey().toFile()).build();
        }
        catch (final javax.net.ssl.SSLException | IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("console: cannot use the certificate " + ctx.certificateChain() + " and key " +
                ctx.privateKey() + ": " + ex.getMessage(), ex);
        }
    }

    /** @return the port the server is bound to. */
    public int port()
    {
        return ((InetSocketAddress)bound.localAddress()).getPort();
    }

    /** @return whether the server speaks HTTPS. */
    public boolean tls()
    {
        return tls;
    }

    /** @return the accounts. */
    public UserStore users()
    {
        return users;
    }

    /** @return consoles connected over WebSocket now. */
    public int consoles()
    {
        return feed.clientCount();
    }

    /** @return how many times a console connected now fell behind and got a snapshot instead of its updates. */
    public long consoleResyncs()
    {
        return feed.resyncs();
    }

    /** @return journal records the live model has applied. */
    public long recordsApplied()
    {
        return feed.applied();
    }

    /** @return the journal damage that stopped the live model, or null. */
    public String feedProblem()
    {
        return feed.problem();
    }

    @Override
    public void close()
    {
        if (null != bound)
        {
            bound.close().syncUninterruptibly();
        }
        closeResources();
    }

    private void closeResources()
    {
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownNow();
        auditWorker.shutdownNow();
        CloseHelper.quietCloseAll(feed, coreLink);
        bossGroup.terminationFuture().syncUninterruptibly();
        ioGroup.terminationFuture().syncUninterruptibly();
    }
}
