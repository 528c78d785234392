package org.beacon.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.CachedEpochClock;
import org.beacon.console.auth.LoginThrottle;
import org.beacon.console.auth.Role;
import org.beacon.console.auth.UserStore;
import org.beacon.core.BeaconNode;
import org.beacon.core.NodeContext;
import org.beacon.core.OutputSink;
import org.beacon.core.StateMachine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's defences against a real Netty server on loopback, over real HTTP clients: the JDK's, and Netty's
 * client where a test needs to pick its source address (127.0.0.2, 127.0.0.3 ... are other machines to the server).
 * The console's clock stands still, so the throttle's waits are exact and only move when a test moves them.
 */
class ConsoleSecurityTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DISP_PASSWORD = "dispatcher-pw-1";
    private static final String ADMIN_PASSWORD = "admin-pw-12345";
    private static final InetAddress WORKSTATION = address("127.0.0.1");

    @TempDir
    static Path dir;

    private static final CachedEpochClock CLOCK = new CachedEpochClock();
    private static BeaconNode node;
    private static ConsoleGateway console;
    private static EventLoopGroup clientGroup;
    private static HttpClient http;
    private static String base;

    /** The node runs, but nothing in these tests needs its state machine. */
    private static final class QuietStateMachine implements StateMachine
    {
        @Override
        public void onEvent(final long sequence, final long timestampNs, final DirectBuffer buffer, final int offset, final int length,
            final OutputSink outputs)
        {
        }

        @Override
        public int snapshot(final ExpandableArrayBuffer buffer, final int offset)
        {
            return 0;
        }

        @Override
        public void restore(final DirectBuffer buffer, final int offset, final int length)
        {
        }
    }

    @BeforeAll
    static void start()
    {
        CLOCK.update(1_800_000_000_000L);
        final NodeContext ctx = new NodeContext().dataDir(dir.resolve("data")).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(QuietStateMachine::new);
        final Path users = dir.resolve("users");
        final UserStore store = new UserStore(users, CLOCK);
        store.put("disp", Role.DISPATCHER, 101, DISP_PASSWORD.toCharArray());
        store.put("adm", Role.ADMIN, 901, ADMIN_PASSWORD.toCharArray());
        node = BeaconNode.launch(ctx);
        console = ConsoleGateway.launch(new ConsoleContext().nodeContext(ctx).bindAddress("127.0.0.1").port(0).usersFile(users)
            .clock(CLOCK).origins(List.of("https://Console.Example:8443/")));
        base = "http://127.0.0.1:" + console.port();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stop()
    {
        if (null != clientGroup)
        {
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (null != console)
        {
            console.close();
        }
        if (null != node)
        {
            node.close();
        }
    }

    private static InetAddress address(final String text)
    {
        try
        {
            return InetAddress.getByName(text);
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** An answer: status, one header, and the body as text. */
    private record Answer(int status, String retryAfter, String contentType, String body)
    {
        JsonNode json() throws Exception
        {
            return JSON.readTree(body);
        }
    }

    /** One request over a fresh connection from a chosen source address, with Netty's HTTP client. */
    private static Answer send(final InetAddress from, final FullHttpRequest request) throws Exception
    {
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        final Bootstrap bootstrap = new Bootstrap().group(clientGroup).channel(NioSocketChannel.class)
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel channel)
                {
                    channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                        new SimpleChannelInboundHandler<FullHttpResponse>()
                        {
                            @Override
                            protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpResponse response)
                            {
                                answer.complete(new Answer(response.status().code(), response.headers().get(HttpHeaderNames.RETRY_AFTER),
                                    response.headers().get(HttpHeaderNames.CONTENT_TYPE), response.content().toString(StandardCharsets.UTF_8)));
                                ctx.close();
                            }

                            @Override
                            public void channelInactive(final ChannelHandlerContext ctx)
                            {
                                answer.completeExceptionally(new java.io.IOException("closed before an answer"));
                            }

                            @Override
                            public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
                            {
                                answer.completeExceptionally(cause);
                                ctx.close();
                            }
                        });
                }
            });
        final Channel channel = bootstrap.connect(new InetSocketAddress(WORKSTATION, console.port()), new InetSocketAddress(from, 0))
            .sync().channel();
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + console.port());
        request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
        channel.writeAndFlush(request);
        return answer.get(30, TimeUnit.SECONDS);
    }

    private static Answer login(final InetAddress from, final String user, final String password) throws Exception
    {
        final FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/login",
            Unpooled.copiedBuffer("{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return send(from, request);
    }

    /** A logged-in browser: its cookie and CSRF token, over the JDK's client. */
    private record Login(String cookie, String csrf)
    {
    }

    private static Login jdkLogin(final String user, final String password) throws Exception
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new Login(response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0],
            JSON.readTree(response.body()).get("csrf").asText());
    }

    private static HttpResponse<String> post(final String path, final String body, final Login login) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
            .header("Cookie", login.cookie()).header("X-Beacon-Csrf", login.csrf())
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void guessingFromOneAddressIsThrottledWhileTheUserLogsInFromAnother() throws Exception
    {
        final InetAddress guesser = address("127.0.0.2");
        for (int i = 0; i < LoginThrottle.NAME_FREE_FAILURES; i++)
        {
            final Answer wrong = login(guesser, "disp", "guess-number-" + i);
            assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);
            assertThat(wrong.json().get("error").asText()).isEqualTo("wrong user or password");
        }
        final Answer refused = login(guesser, "disp", DISP_PASSWORD);
        assertThat(refused.status()).as("even the right password waits").isEqualTo(429);
        assertThat(refused.retryAfter()).isEqualTo("1");
        assertThat(refused.contentType()).startsWith("application/json");
        assertThat(refused.json().get("ok").asBoolean()).isFalse();
        assertThat(refused.json().get("retryAfterS").asInt()).isEqualTo(1);
        assertThat(refused.json().get("error").asText()).contains("too many failed log-ins from this address");

        final Answer user = login(WORKSTATION, "disp", DISP_PASSWORD);
        assertThat(user.status()).as(user.body()).isEqualTo(200);

        // the guesser's next try comes after the wait, and the wait doubles
        CLOCK.advance(1_000);
        assertThat(login(guesser, "disp", "guess-number-x").status()).isEqualTo(401);
        final Answer longer = login(guesser, "disp", "guess-number-y");
        assertThat(longer.status()).isEqualTo(429);
        assertThat(longer.retryAfter()).isEqualTo("2");
    }

    @Test
    void nobodyCanKeepADispatcherOutByGuessingTheirName() throws Exception
    {
        // the old attack: a burst of wrong passwords for the name, from one machine and then from another
        for (final String attacker : List.of("127.0.0.3", "127.0.0.4"))
        {
            int throttled = 0;
            for (int i = 0; i < 12; i++)
            {
                final int status = login(address(attacker), "disp", "not-it-" + i).status();
                assertThat(status).isIn(401, 429);
                throttled += 429 == status ? 1 : 0;
            }
            assertThat(throttled).isEqualTo(12 - LoginThrottle.NAME_FREE_FAILURES);
        }
        // and names sprayed from a third until that address waits too
        final InetAddress sprayer = address("127.0.0.5");
        for (int i = 0; i < LoginThrottle.ADDRESS_FREE_FAILURES; i++)
        {
            assertThat(login(sprayer, "user" + i, "not-it").status()).isEqualTo(401);
        }
        assertThat(login(sprayer, "disp", "not-it").status()).isEqualTo(429);

        // the dispatcher, at their own workstation, mistypes once and is in
        assertThat(login(WORKSTATION, "disp", "dispatcher-pw-l").status()).isEqualTo(401);
        final Answer in = login(WORKSTATION, "disp", DISP_PASSWORD);
        assertThat(in.status()).as(in.body()).isEqualTo(200);
        assertThat(in.json().get("role").asText()).isEqualTo("dispatcher");
    }

    @Test
    void aCrossOriginWebSocketHandshakeIsRefusedAndASameOriginOneAccepted() throws Exception
    {
        final Login login = jdkLogin("disp", DISP_PASSWORD);
        final URI ws = URI.create("ws://127.0.0.1:" + console.port() + "/ws");

        assertThatThrownBy(() -> http.newWebSocketBuilder().header("Cookie", login.cookie()).header("Origin", "http://evil.example")
            .buildAsync(ws, new Listener()).get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(WebSocketHandshakeException.class)
            .satisfies((e) -> assertThat(((WebSocketHandshakeException)e).getResponse().statusCode()).isEqualTo(403));

        // the refusal is the console's JSON error, also for an origin that only looks like the console's
        for (final String origin : List.of("http://evil.example", "http://127.0.0.1:" + console.port() + ".evil.example", "null",
            "https://127.0.0.1:" + console.port()))
        {
            final Answer refused = send(WORKSTATION, upgrade(login, origin));
            assertThat(refused.status()).as(origin).isEqualTo(403);
            assertThat(refused.json().get("ok").asBoolean()).isFalse();
            assertThat(refused.json().get("error").asText()).contains("may not open the console's WebSocket");
        }

        // the console's own page, a configured origin, and a client that is not a browser (no Origin) are let in
        for (final String origin : new String[] {"http://127.0.0.1:" + console.port(), "HTTP://127.0.0.1:" + console.port(),
            "https://console.example:8443", null})
        {
            final Listener listener = new Listener();
            final WebSocket.Builder builder = http.newWebSocketBuilder().header("Cookie", login.cookie());
            if (null != origin)
            {
                builder.header("Origin", origin);
            }
            final WebSocket socket = builder.buildAsync(ws, listener).get(10, TimeUnit.SECONDS);
            assertThat(JSON.readTree(listener.first.get(10, TimeUnit.SECONDS)).get("t").asText()).as("%s", origin).isEqualTo("hello");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        }
        // a same-origin handshake still needs a session
        final FullHttpRequest anonymous = upgrade(null, "http://127.0.0.1:" + console.port());
        assertThat(send(WORKSTATION, anonymous).status()).isEqualTo(401);
    }

    private static FullHttpRequest upgrade(final Login login, final String origin)
    {
        final FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws", Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, "Upgrade")
            .set(HttpHeaderNames.SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==").set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13")
            .set(HttpHeaderNames.ORIGIN, origin);
        if (null != login)
        {
            request.headers().set(HttpHeaderNames.COOKIE, login.cookie());
        }
        return request;
    }

    @Test
    void theLastEnabledAdminCanBeNeitherDisabledNorDemoted() throws Exception
    {
        final Login admin = jdkLogin("adm", ADMIN_PASSWORD);
        final HttpResponse<String> disable = post("/api/admin/users", "{\"user\":\"adm\",\"enabled\":false}", admin);
        assertThat(disable.statusCode()).as(disable.body()).isEqualTo(409);
        assertThat(JSON.readTree(disable.body()).get("error").asText()).contains("'adm' is the last enabled admin");
        final HttpResponse<String> demote = post("/api/admin/users",
            "{\"user\":\"adm\",\"role\":\"dispatcher\",\"operatorId\":901,\"password\":\"" + ADMIN_PASSWORD + "\"}", admin);
        assertThat(demote.statusCode()).as(demote.body()).isEqualTo(409);
        assertThat(JSON.readTree(demote.body()).get("ok").asBoolean()).isFalse();
        assertThat(console.users().user("adm").orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(console.users().user("adm").orElseThrow().enabled()).isTrue();
        // the session is untouched: the admin is still logged in
        final HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/users"))
            .header("Cookie", admin.cookie()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        // disabling a dispatcher is of course still allowed
        assertThat(post("/api/admin/users", "{\"user\":\"disp\",\"enabled\":false}", admin).statusCode()).isEqualTo(200);
        assertThat(post("/api/admin/users", "{\"user\":\"disp\",\"enabled\":true}", admin).statusCode()).isEqualTo(200);
    }

    @Test
    void aTooLargeBodyGets413WithTheJsonError() throws Exception
    {
        final String huge = "{\"user\":\"" + "x".repeat(ConsoleGateway.MAX_BODY) + "\",\"password\":\"p\"}";
        final HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(huge)).build(),
            HttpResponse.BodyHandlers.ofString());
        // a client that asks first (Expect: 100-continue) gets the same answer instead of the go-ahead
        final FullHttpRequest asking = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/login",
            Unpooled.copiedBuffer(huge, StandardCharsets.UTF_8));
        asking.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").set(HttpHeaderNames.EXPECT, "100-continue");
        for (final Answer answer : List.of(new Answer(plain.statusCode(), null, plain.headers().firstValue("Content-Type").orElse(""),
            plain.body()), send(WORKSTATION, asking)))
        {
            assertThat(answer.status()).as(answer.body()).isEqualTo(413);
            assertThat(answer.contentType()).startsWith("application/json");
            assertThat(answer.json().get("ok").asBoolean()).isFalse();
            assertThat(answer.json().get("error").asText()).isEqualTo("the request body is over the limit of 64 KiB");
        }
        // the connection that was kept serves the next request
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/me")).GET().build(), HttpResponse.BodyHandlers.ofString())
            .statusCode()).isEqualTo(401);
    }

    /** Keeps the first text message. */
    private static final class Listener implements WebSocket.Listener
    {
        final CompletableFuture<String> first = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            text.append(data);
            if (last)
            {
                first.complete(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
