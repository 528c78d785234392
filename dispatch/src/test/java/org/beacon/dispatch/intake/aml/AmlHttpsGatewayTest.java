package org.beacon.dispatch.intake.aml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationFixDecoder;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.BeaconNode;
import org.beacon.core.NodeContext;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AML gateway over real HTTP against a real in-process node: journaled before 200, reasons in
 * 400 bodies, 503 without a core, TLS with a certificate made by the JDK's keytool.
 */
class AmlHttpsGatewayTest
{
    private static final String FORM = AmlFormParserTest.FORM;
    private static final String SMS = AmlSmsParserTest.sms(AmlSmsParserTest.FIELDS);
    private static final long GATEWAY_NOW_NS = 1_777_622_400_000_000_000L;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A decoded LocationFix from the journal. */
    record Fix(long sequence, int source, long callId, FixSource fixSource, LocationQuality quality, LocationMethod method,
        LocationShape shape, LocationProblem problem, int lat, int lon, long uncertaintyM, short confidence, long fixTimeNs,
        String caller, String imsi, String imei)
    {
    }

    @BeforeEach
    void reset()
    {
        RecordingStateMachine.FIXES.set(0);
        RecordingStateMachine.stallMs = 0;
    }

    @AfterEach
    void clearStall()
    {
        RecordingStateMachine.stallMs = 0;
    }

    private NodeContext nodeContext()
    {
        return new NodeContext().dataDir(dir.resolve("node")).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(RecordingStateMachine::new).tickIntervalNs(TimeUnit.MILLISECONDS.toNanos(50));
    }

    private AmlGatewayContext gatewayContext()
    {
        // the gateway's clock on the morning of the fixtures' time of positioning (2026-05-01T08:00Z)
        return new AmlGatewayContext().port(0).bindAddress("127.0.0.1").coreAddress(nodeContext().coreAddress()).ioThreads(1)
            .reconnectIntervalNs(TimeUnit.MILLISECONDS.toNanos(50)).epochClock(() -> GATEWAY_NOW_NS);
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime() - deadline).as("timed out waiting for " + what).isNegative();
            try
            {
                Thread.sleep(10);
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }

    private HttpResponse<String> post(final String scheme, final int port, final String pathAndQuery, final String contentType,
        final String body) throws IOException, InterruptedException
    {
        return post(http, scheme, port, pathAndQuery, contentType, body);
    }

    private static HttpResponse<String> post(final HttpClient client, final String scheme, final int port, final String pathAndQuery,
        final String contentType, final String body) throws IOException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (null != contentType)
        {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<Fix> journaledFixes()
    {
        final List<Fix> fixes = new ArrayList<>();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final LocationFixDecoder decoder = new LocationFixDecoder();
        try (JournalCursor cursor = JournalCursor.open(nodeContext().inputJournalDir(), JournalRecordDescriptor.TYPE_INPUT))
        {
            int result;
            while ((result = cursor.next()) == JournalCursor.RECORD)
            {
                header.wrap(cursor.buffer(), cursor.payloadOffset());
                if (header.templateId() != LocationFixDecoder.TEMPLATE_ID)
                {
                    continue;
                }
                decoder.wrap(cursor.buffer(), cursor.payloadOffset() + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                fixes.add(new Fix(cursor.sequence(), cursor.source(), decoder.callId(), decoder.fixSource(), decoder.locationQuality(),
                    decoder.locationMethod(), decoder.shape(), decoder.locationProblem(), decoder.location().latMicros(),
                    decoder.location().lonMicros(), decoder.uncertaintyM(), decoder.confidencePct(), decoder.fixTimeNs(),
                    decoder.caller(), decoder.imsi(), decoder.imei()));
            }
            assertThat(result).as(String.valueOf(cursor.problem())).isEqualTo(JournalCursor.END);
        }
        return fixes;
    }

    @Test
    void validFormsAndSmsAreJournaledBeforeTheyAreAcknowledged() throws Exception
    {
        final List<Long> sequences = new ArrayList<>();
        try (BeaconNode node = BeaconNode.launch(nodeContext());
            AmlHttpsGateway gateway = AmlHttpsGateway.launch(gatewayContext()))
        {
            await(gateway::coreConnected, "the gateway to reach the core");
            final int port = gateway.port();

            final HttpResponse<String> form = post("http", port, "/aml", "application/x-www-form-urlencoded", FORM);
            assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
            assertThat(form.body()).startsWith("journaled ");
            sequences.add(Long.parseLong(form.body().trim().substring("journaled ".length())));
            // answered only after the Ack, which follows the journal append and the state machine
            assertThat(RecordingStateMachine.FIXES.get()).isEqualTo(1);

            final HttpResponse<String> sms = post("http", port, "/aml?from=%2B84907654321", "text/plain; charset=utf-8", SMS);
            assertThat(sms.statusCode()).as(sms.body()).isEqualTo(200);
            sequences.add(Long.parseLong(sms.body().trim().substring("journaled ".length())));

            final HttpResponse<String> noFix = post("http", port, "/aml", "application/x-www-form-urlencoded",
                "device_number=%2B84901112223&location_source=none");
            assertThat(noFix.statusCode()).isEqualTo(200);

            final HttpResponse<String> sniffed = post("http", port, "/aml", null, SMS);
            assertThat(sniffed.statusCode()).isEqualTo(200);

            assertThat(gateway.counters().accepted()).isEqualTo(4);
            assertThat(gateway.counters().noFix()).isEqualTo(1);
            assertThat(gateway.counters().rejectedTotal()).isZero();
            assertThat(node.failure()).isNull();
        }

        final List<Fix> fixes = journaledFixes();
        assertThat(fixes).hasSize(4);
        final Fix form = fixes.get(0);
        assertThat(form.sequence()).isEqualTo(sequences.get(0));
        assertThat(form.source()).isEqualTo(AmlGatewayContext.DEFAULT_SOURCE_ID);
        assertThat(form.callId()).isZero();
        assertThat(form.fixSource()).isEqualTo(FixSource.AML_HTTPS);
        assertThat(form.quality()).isEqualTo(LocationQuality.USABLE);
        assertThat(form.method()).isEqualTo(LocationMethod.GNSS);
        assertThat(form.shape()).isEqualTo(LocationShape.CIRCLE);
        assertThat(form.lat()).isEqualTo(10_776_900);
        assertThat(form.lon()).isEqualTo(106_700_900);
        assertThat(form.uncertaintyM()).isEqualTo(23);
        assertThat(form.confidence()).isEqualTo((short)68);
        assertThat(form.fixTimeNs()).isEqualTo(1_777_622_405_000_000_000L);
        assertThat(form.caller()).isEqualTo("+84901234567");
        assertThat(form.imsi()).isEqualTo("452049876543210");
        assertThat(form.imei()).isEqualTo("356938035643809");

        final Fix sms = fixes.get(1);
        assertThat(sms.sequence()).isEqualTo(sequences.get(1));
        assertThat(sms.fixSource()).isEqualTo(FixSource.AML_SMS);
        assertThat(sms.caller()).isEqualTo("+84907654321");
        assertThat(sms.uncertaintyM()).isEqualTo(23);

        final Fix noFix = fixes.get(2);
        assertThat(noFix.quality()).isEqualTo(LocationQuality.MISSING);
        assertThat(noFix.problem()).isEqualTo(LocationProblem.NO_FIX);
        assertThat(noFix.lat()).isZero();
        assertThat(fixes.get(3).caller()).isEmpty();
    }

    @Test
    void badInputGetsItsReasonAndNeverReachesTheJournal() throws Exception
    {
        try (BeaconNode node = BeaconNode.launch(nodeContext());
            AmlHttpsGateway gateway = AmlHttpsGateway.launch(gatewayContext().maxBodyLength(4096)))
        {
            await(gateway::coreConnected, "the gateway to reach the core");
            final int port = gateway.port();

            final HttpResponse<String> badLatitude = post("http", port, "/aml", "application/x-www-form-urlencoded",
                AmlFormParserTest.with("location_latitude", "91"));
            assertThat(badLatitude.statusCode()).isEqualTo(400);
            assertThat(badLatitude.body()).isEqualTo("rejected: location_latitude: 91 outside [-90, 90]\n");

            final String wrongLength = SMS.replace("rd=14", "rd=1");
            final HttpResponse<String> badMl = post("http", port, "/aml", "text/plain", wrongLength);
            assertThat(badMl.statusCode()).isEqualTo(400);
            assertThat(badMl.body()).startsWith("rejected: ml: declares");

            final HttpResponse<String> badField = post("http", port, "/aml", "text/plain", AmlSmsParserTest.sms(
                AmlSmsParserTest.with("pm", "Q")));
            assertThat(badField.body()).isEqualTo("rejected: pm: 'Q' is not G, W, C or N\n");

            final HttpResponse<String> badOriginator = post("http", port, "/aml?from=somebody", "text/plain", SMS);
            assertThat(badOriginator.statusCode()).isEqualTo(400);
            assertThat(badOriginator.body()).contains("originator");

            final HttpResponse<String> wrongPath = post("http", port, "/aml/extra", "text/plain", SMS);
            assertThat(wrongPath.statusCode()).isEqualTo(404);

            final HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/aml")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.headers().firstValue("Allow")).contains("POST");

            final HttpResponse<String> json = post("http", port, "/aml", "application/json", "{\"lat\":10}");
            assertThat(json.statusCode()).isEqualTo(415);
            assertThat(json.body()).contains("application/x-www-form-urlencoded");

            final HttpResponse<String> huge = post("http", port, "/aml", "text/plain", "A\"ML=1;" + "x".repeat(10_000));
            assertThat(huge.statusCode()).isEqualTo(413);

            final HttpResponse<String> binary = post("http", port, "/aml", null, "\u0001\u0002\u0003");
            assertThat(binary.statusCode()).isEqualTo(415);

            assertThat(gateway.counters().rejected("location_latitude")).isEqualTo(1);
            assertThat(gateway.counters().rejected("ml")).isEqualTo(1);
            assertThat(gateway.counters().rejected("pm")).isEqualTo(1);
            assertThat(gateway.counters().rejected("originator")).isEqualTo(1);
            assertThat(gateway.counters().rejected("path")).isEqualTo(1);
            assertThat(gateway.counters().rejected("method")).isEqualTo(1);
            assertThat(gateway.counters().rejected("content-type")).isEqualTo(2);
            assertThat(gateway.counters().rejected("body-too-large")).isEqualTo(1);
            assertThat(gateway.counters().accepted()).isZero();

            // the gateway is still serving
            assertThat(post("http", port, "/aml", "application/x-www-form-urlencoded", FORM).statusCode()).isEqualTo(200);
            assertThat(node.failure()).isNull();
        }
        assertThat(journaledFixes()).hasSize(1);
    }

    @Test
    void withoutACoreTheAnswerIs503UntilTheCoreAppears() throws Exception
    {
        try (AmlHttpsGateway gateway = AmlHttpsGateway.launch(gatewayContext()))
        {
            final int port = gateway.port();
            final HttpResponse<String> unavailable = post("http", port, "/aml", "application/x-www-form-urlencoded", FORM);
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.body()).contains("core unreachable");
            assertThat(unavailable.headers().firstValue("Retry-After")).contains("1");
            assertThat(gateway.counters().unavailable()).isEqualTo(1);
            // validation still answers without a core
            assertThat(post("http", port, "/aml", "text/plain", "hello").statusCode()).isEqualTo(400);

            try (BeaconNode node = BeaconNode.launch(nodeContext()))
            {
                await(gateway::coreConnected, "the gateway to reach the core once it exists");
                final HttpResponse<String> accepted = post("http", port, "/aml", "application/x-www-form-urlencoded", FORM);
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
                assertThat(node.failure()).isNull();
            }
            // the node went away: offers find no subscriber
            final HttpResponse<String> gone = post("http", port, "/aml", "application/x-www-form-urlencoded", FORM);
            assertThat(gone.statusCode()).isEqualTo(503);
        }
        assertThat(journaledFixes()).hasSize(1);
    }

    @Test
    void aLateAckIsAnswered503() throws Exception
    {
        RecordingStateMachine.stallMs = 600;
        try (BeaconNode node = BeaconNode.launch(nodeContext());
            AmlHttpsGateway gateway = AmlHttpsGateway.launch(gatewayContext().ackTimeoutNs(TimeUnit.MILLISECONDS.toNanos(150))))
        {
            await(gateway::coreConnected, "the gateway to reach the core");
            final HttpResponse<String> late = post("http", gateway.port(), "/aml", "application/x-www-form-urlencoded", FORM);
            assertThat(late.statusCode()).isEqualTo(503);
            assertThat(late.body()).contains("not journaled in time");
            RecordingStateMachine.stallMs = 0;
            await(() -> RecordingStateMachine.FIXES.get() == 1, "the stalled fix to be applied");
            // the late Ack is ignored; the next request is answered normally
            final HttpResponse<String> next = post("http", gateway.port(), "/aml", "application/x-www-form-urlencoded", FORM);
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            assertThat(node.failure()).isNull();
        }
        // both were journaled: the sender of the first would have retried, and a duplicate fix is harmless
        assertThat(journaledFixes()).hasSize(2);
    }

    @Test
    void tlsWithACertificateFromKeytool() throws Exception
    {
        final Path keystore = dir.resolve("aml.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "aml", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
            "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        final String keytoolOutput = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(keytoolOutput).isZero();

        final KeyStore p12 = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore))
        {
            p12.load(in, "changeit".toCharArray());
        }
        final X509Certificate certificate = (X509Certificate)p12.getCertificate("aml");
        final PrivateKey key = (PrivateKey)p12.getKey("aml", "changeit".toCharArray());
        final Path certificatePem = dir.resolve("aml-cert.pem");
        final Path keyPem = dir.resolve("aml-key.pem");
        Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));

        final KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("aml", certificate);
        final TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        final SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trustManagers.getTrustManagers(), null);
        final HttpClient https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();

        try (BeaconNode node = BeaconNode.launch(nodeContext());
            AmlHttpsGateway gateway = AmlHttpsGateway.launch(gatewayContext().certificateChain(certificatePem).privateKey(keyPem)))
        {
            await(gateway::coreConnected, "the gateway to reach the core");
            final HttpResponse<String> response = post(https, "https", gateway.port(), "/aml", "application/x-www-form-urlencoded", FORM);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).startsWith("journaled ");
            final HttpResponse<String> rejected = post(https, "https", gateway.port(), "/aml", "text/plain", "A\"ML=1;nothing");
            assertThat(rejected.statusCode()).isEqualTo(400);
            // plain HTTP to the TLS port gets no AML answer
            assertThatThrownBy(() -> post("http", gateway.port(), "/aml", "application/x-www-form-urlencoded", FORM))
                .isInstanceOf(IOException.class);
            assertThat(gateway.counters().accepted()).isEqualTo(1);
            assertThat(node.failure()).isNull();
        }
        assertThat(journaledFixes()).hasSize(1);
    }

    @Test
    void invalidConfigurationIsRefusedAtLaunch()
    {
        assertThatThrownBy(() -> AmlHttpsGateway.launch(new AmlGatewayContext()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("core address");
        assertThatThrownBy(() -> AmlHttpsGateway.launch(gatewayContext().certificateChain(dir.resolve("missing.pem"))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS");
        assertThatThrownBy(() -> AmlHttpsGateway.launch(gatewayContext().certificateChain(dir.resolve("a.pem"))
            .privateKey(dir.resolve("b.pem")))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readable");
        assertThatThrownBy(() -> AmlHttpsGateway.launch(gatewayContext().port(70_000))).isInstanceOf(IllegalArgumentException.class);
    }

    private static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" +
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) +
            "\n-----END " + type + "-----\n";
    }

    @Test
    void aTimeOfPositioningFarFromTheGatewaysClockIsJournaledAsUnusableNotAsAnotherYear() throws Exception
    {
        try (BeaconNode node = BeaconNode.launch(nodeContext());
            AmlHttpsGateway gateway = AmlHttpsGateway.launch(gatewayContext()))
        {
            await(gateway::coreConnected, "the gateway to reach the core");
            final int port = gateway.port();
            // 2700 overflowed toEpochSecond * 1e9 and was journaled as a year in the 2200s
            final String year2700 = AmlSmsParserTest.sms(AmlSmsParserTest.with("top", "27000615120000"));
            final HttpResponse<String> far = post("http", port, "/aml?from=%2B84907654321", "text/plain", year2700);
            assertThat(far.statusCode()).as(far.body()).isEqualTo(200);
            // two days after the gateway's clock: a valid date, but outside the plausible window
            final String twoDaysOn = AmlSmsParserTest.sms(AmlSmsParserTest.with("top", "20260503080000"));
            assertThat(post("http", port, "/aml?from=%2B84907654321", "text/plain", twoDaysOn).statusCode()).isEqualTo(200);
            // milliseconds that overflow nanoseconds since the epoch (year 33658)
            final String form = FORM.replace("location_time=1777622405000", "location_time=999999999999999");
            assertThat(post("http", port, "/aml", "application/x-www-form-urlencoded", form).statusCode()).isEqualTo(200);
            assertThat(post("http", port, "/aml", "text/plain", SMS).statusCode()).isEqualTo(200);
            assertThat(gateway.counters().timeUnusable()).isEqualTo(3);
            assertThat(gateway.counters().accepted()).isEqualTo(4);
            assertThat(node.failure()).isNull();
        }
        final List<Fix> fixes = journaledFixes();
        assertThat(fixes).hasSize(4);
        for (final Fix fix : fixes.subList(0, 3))
        {
            // the position is kept, the time is marked unusable
            assertThat(fix.quality()).isEqualTo(LocationQuality.USABLE);
            assertThat(fix.lat()).isEqualTo(10_776_900);
            assertThat(fix.fixTimeNs()).isEqualTo(AmlMessage.TIME_UNUSABLE);
        }
        assertThat(fixes.get(3).fixTimeNs()).isEqualTo(java.time.Instant.parse("2026-05-01T08:00:00Z").getEpochSecond() * 1_000_000_000L);
    }
}
