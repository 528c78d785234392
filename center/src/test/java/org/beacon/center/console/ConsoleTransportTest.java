package org.beacon.center.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.center.ConsoleWiring;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.console.ConsoleContext;
import org.beacon.console.ConsoleGateway;
import org.beacon.console.auth.Role;
import org.beacon.console.auth.UserStore;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's transport against a real node: HTTPS when a certificate is configured, and a console that stops
 * reading never holds anything up: the node journals every event, a console that keeps up sees the last state, and
 * the stalled one is dropped to a snapshot once its bounded queue overflows.
 */
class ConsoleTransportTest
{
    private static final String PASSWORD = "transport-pw-1";

    @TempDir
    Path dir;

    private NodeContext nodeContext()
    {
        return new NodeContext().dataDir(dir.resolve("data")).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(CenterStateMachine::new);
    }

    private Path users() throws Exception
    {
        final Path users = dir.resolve("users");
        if (!Files.exists(users))
        {
            new UserStore(users, SystemEpochClock.INSTANCE).put("disp", Role.DISPATCHER, 101, PASSWORD.toCharArray());
        }
        return users;
    }

    private static HttpResponse<String> login(final HttpClient http, final String base) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/login")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"disp\",\"password\":\"" + PASSWORD + "\"}")).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpsWhenACertificateIsConfigured() throws Exception
    {
        final Path keystore = dir.resolve("console.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
            "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        final String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        final KeyStore p12 = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore))
        {
            p12.load(in, "changeit".toCharArray());
        }
        final X509Certificate certificate = (X509Certificate)p12.getCertificate("console");
        final PrivateKey key = (PrivateKey)p12.getKey("console", "changeit".toCharArray());
        final Path certPem = dir.resolve("cert.pem");
        final Path keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
        final KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("console", certificate);
        final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        final SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, factory.getTrustManagers(), null);
        final HttpClient https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();

        final NodeContext ctx = nodeContext();
        try (BeaconNode node = BeaconNode.launch(ctx);
            ConsoleGateway console = ConsoleGateway.launch(ConsoleWiring.context(ctx, null).bindAddress("127.0.0.1").port(0)
                .usersFile(users()).certificateChain(certPem).privateKey(keyPem)))
        {
            assertThat(console.tls()).isTrue();
            final HttpResponse<String> response = login(https, "https://127.0.0.1:" + console.port());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
            assertThatThrownBy(() -> login(HttpClient.newHttpClient(), "http://127.0.0.1:" + console.port()))
                .isInstanceOf(java.io.IOException.class);
            assertThat(node.failure()).isNull();
        }
        assertThatThrownBy(() -> ConsoleGateway.launch(new ConsoleContext().nodeContext(ctx).port(0).usersFile(users())
            .certificateChain(certPem))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
    }

    private static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" +
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void aConsoleThatStopsReadingHoldsNothingUp() throws Exception
    {
        final NodeContext ctx = nodeContext();
        final int units = 400;
        final int rounds = 100;
        try (BeaconNode node = BeaconNode.launch(ctx);
            ConsoleGateway console = ConsoleGateway.launch(ConsoleWiring.context(ctx, null).bindAddress("127.0.0.1").port(0)
                .usersFile(users()).maxPending(16));
            CoreClient client = CoreClient.connect(ctx.coreAddress(), SimulatedCity.SOURCE_ID))
        {
            final HttpClient http = HttpClient.newHttpClient();
            final String cookie = login(http, "http://127.0.0.1:" + console.port()).headers().firstValue("Set-Cookie").orElseThrow()
                .split(";", 2)[0];
            final URI ws = URI.create("ws://127.0.0.1:" + console.port() + "/ws");
            // the stalled console: a raw socket with a tiny receive buffer that completes the WebSocket handshake and then
            // never reads again, so TCP fills up behind it as it would behind a frozen browser
            final java.net.Socket stalled = new java.net.Socket();
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", console.port()), 5000);
            stalled.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + console.port() + "\r\nUpgrade: websocket\r\n" +
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nCookie: " +
                cookie + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            final byte[] status = new byte[12];
            assertThat(stalled.getInputStream().readNBytes(status, 0, 12)).isEqualTo(12);
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
            final AtomicReference<String> lastText = new AtomicReference<>("");
            final AtomicLong lastUnitStatus = new AtomicLong();
            final StringBuilder text = new StringBuilder();
            final WebSocket fast = http.newWebSocketBuilder().header("Cookie", cookie).buildAsync(ws, new WebSocket.Listener()
            {
                @Override
                public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
                {
                    text.append(data);
                    if (last)
                    {
                        final String message = text.toString();
                        lastText.set(message);
                        if (message.contains("\"k\":\"unit:" + SimulatedCity.unitId(units - 1) + "\"") &&
                            message.contains("\"OUT_OF_SERVICE\""))
                        {
                            lastUnitStatus.incrementAndGet();
                        }
                        text.setLength(0);
                    }
                    webSocket.request(1);
                    return CompletableFuture.completedFuture(null);
                }
            }).get(10, TimeUnit.SECONDS);

            final long connect = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!client.isConnected() && System.nanoTime() < connect)
            {
                Thread.sleep(5);
            }
            final SimulatedCity city = new SimulatedCity(3, units);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
            long correlation = 0;
            for (int i = 0; i < units; i++)
            {
                assertThat(client.offer(++correlation, buffer, 0, city.encodeStatus(i, UnitStatusCode.AVAILABLE, buffer, 0))).isPositive();
            }
            for (int round = 0; round < rounds; round++)
            {
                for (int i = 0; i < units; i++)
                {
                    city.moveTo(i, city.latMicros(i) + 10, city.lonMicros(i) - 10);
                    assertThat(client.offer(++correlation, buffer, 0, city.encodePosition(i, 500, buffer, 0))).isPositive();
                }
                client.poll((s, t, b, o, l) -> { }, 1000);
                // a round per batch of the feed, so that the consoles are sent every round (tens of MB in all)
                Thread.sleep(15);
            }
            // the last event of all: the fast console must see it
            assertThat(client.offer(++correlation, buffer, 0,
                city.encodeStatus(units - 1, UnitStatusCode.OUT_OF_SERVICE, buffer, 0))).isPositive();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((lastUnitStatus.get() == 0 || console.consoleResyncs() == 0) && System.nanoTime() < deadline)
            {
                client.poll((s, t, b, o, l) -> { }, 1000);
                Thread.sleep(10);
            }
            assertThat(lastUnitStatus.get()).as("the fast console saw the last event").isPositive();
            assertThat(console.consoleResyncs()).as("the stalled console was dropped to a snapshot").isPositive();
            assertThat(node.failure()).isNull();
            assertThat(console.recordsApplied()).isGreaterThanOrEqualTo((long)units * (rounds + 1));
            stalled.close();
            fast.abort();
        }
    }
}
