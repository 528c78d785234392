package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.intake.sip.SipTestSupport.await;
import static org.beacon.dispatch.intake.sip.SipTestSupport.journal;
import static org.beacon.dispatch.intake.sip.SipTestSupport.scenario;
import static org.beacon.dispatch.intake.sip.SipTestSupport.sipp;

import java.net.URI;
import java.net.URLEncoder;
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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.beacon.codecs.CallUpdatedDecoder;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationFixDecoder;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.core.BeaconNode;
import org.beacon.core.NodeContext;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.beacon.dispatch.DispatchService;
import org.beacon.dispatch.intake.aml.AmlGatewayContext;
import org.beacon.dispatch.intake.aml.AmlHttpsGateway;
import org.beacon.dispatch.intake.sip.SipTestSupport.Journal;
import org.beacon.dispatch.intake.sip.SipTestSupport.Received;
import org.beacon.dispatch.intake.sip.SipTestSupport.SippRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 1, end to end: one handset calls 112 through the real SIPp (its network names it in a URI form) and sends
 * its AML fixes as the real HTTPS form and as an SMS relayed over HTTPS (each writing the number in another form); in
 * either order, the dispatch state machine of a real node joins both fixes to the one call and selects the best by
 * uncertainty. Every assertion reads the node's journals.
 */
class CallerIdentitySystemTest
{
    private static final DateTimeFormatter TOP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    @TempDir
    static Path dir;

    private static NodeContext nodeContext;
    private static BeaconNode node;
    private static SipGateway sip;
    private static AmlHttpsGateway aml;
    private static HttpClient https;
    private static Path work;

    @BeforeAll
    static void start() throws Exception
    {
        assertThat(SipTestSupport.sippInstalled()).as("sipp on PATH (apt-get install sip-tester)").isTrue();
        work = Files.createDirectories(dir.resolve("sipp"));
        nodeContext = new NodeContext()
            .dataDir(dir.resolve("node"))
            .aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(DispatchService::new);
        node = BeaconNode.launch(nodeContext);
        sip = SipGateway.launch(new SipGatewayContext().bindAddress("127.0.0.1").port(0).coreAddress(nodeContext.coreAddress()));
        final Path[] pems = certificate();
        aml = AmlHttpsGateway.launch(new AmlGatewayContext().port(0).bindAddress("127.0.0.1").coreAddress(nodeContext.coreAddress())
            .ioThreads(1).certificateChain(pems[0]).privateKey(pems[1]));
        await(() -> sip.coreConnected() && aml.coreConnected(), "gateways connect to the core");
    }

    @AfterAll
    static void stop()
    {
        if (null != aml)
        {
            aml.close();
        }
        if (null != sip)
        {
            sip.close();
        }
        if (null != node)
        {
            node.close();
        }
    }

    @Test
    void amlAfterTheCallJoinsItAndTheBestFixIsSelected() throws Exception
    {
        // the network asserts a tel: URI with visual separators; the From has the national form
        final CompletableFuture<SippRun> run = call("first", "<tel:+84-90-765-4321>", "0907654321");
        await(() -> journal(nodeContext.inputJournalDir()).hasCall("first-1-"), "the call journaled");
        postForm("0907654321", 14);
        postSms("0084907654321", 30);
        assertThat(run.get(60, TimeUnit.SECONDS).exitCode()).as(run.get().describe()).isZero();
        assertOneCallWithBothFixes("first", "+84907654321", "tel:+84-90-765-4321", "0907654321", "0084907654321");
    }

    @Test
    void amlBeforeTheCallWaitsForItAndJoinsIt() throws Exception
    {
        // the fixes come first: they wait for the number's call
        postSms("+84 90 765 4322", 30);
        postForm("84907654322", 14);
        final CompletableFuture<SippRun> run = call("second", "<sip:+84907654322@ims.mnc004.mcc452.3gppnetwork.org;user=phone>",
            "%2B84907654322");
        assertThat(run.get(60, TimeUnit.SECONDS).exitCode()).as(run.get().describe()).isZero();
        assertOneCallWithBothFixes("second", "+84907654322", "sip:+84907654322@ims.mnc004.mcc452.3gppnetwork.org;user=phone",
            "84907654322", "+84 90 765 4322");
    }

    private static CompletableFuture<SippRun> call(final String tag, final String identity, final String fromUser) throws Exception
    {
        final String template = Files.readString(scenario("aml-same-phone.xml"), StandardCharsets.ISO_8859_1);
        final Path expanded = work.resolve("aml-same-phone-" + tag + ".xml");
        Files.writeString(expanded, template.replace("@@IDENTITY@@", identity).replace("@@FROM_USER@@", fromUser),
            StandardCharsets.ISO_8859_1);
        return CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return sipp(work, expanded, tag, sip.port(), "u1", "112");
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        });
    }

    private static void assertOneCallWithBothFixes(
        final String tag, final String e164, final String sipAsReceived, final String formAsReceived, final String smsAsReceived)
    {
        final Journal journal = journal(nodeContext.inputJournalDir());
        final Received call = journal.call(tag + "-1-");
        final long callId = call.view().callId();
        // first the state machine's word on the call: the SIP fix and both AML fixes in one call
        final CallUpdatedDecoder last = lastCallUpdate(callId);
        assertThat(last).as("CallUpdated of call " + callId).isNotNull();
        assertThat(last.fixCount()).as("fixes of the call").isGreaterThanOrEqualTo(3);
        assertThat(call.caller()).isEqualTo(e164);
        assertThat(journal.noteOf(callId).callerAsReceived()).isEqualTo(sipAsReceived);

        // the AML fixes carry the same number, each with the form it came in beside it
        final List<SipTestSupport.Fix> aml = journal.fixes().stream().filter(f -> f.caller().equals(e164)).toList();
        assertThat(aml).extracting(f -> f.view().fixSource()).containsExactlyInAnyOrder(FixSource.AML_HTTPS, FixSource.AML_SMS);
        final List<SipTestSupport.Note> amlNotes = journal.notes().stream()
            .filter(n -> n.inputTemplateId() == LocationFixDecoder.TEMPLATE_ID && n.caller().equals(e164)).toList();
        assertThat(amlNotes).extracting(SipTestSupport.Note::callerAsReceived).containsExactlyInAnyOrder(formAsReceived, smsAsReceived);

        // and the best of them selected, by uncertainty
        long best = call.view().uncertaintyM();
        FixSource bestSource = FixSource.SIP_PIDF_LO;
        for (final SipTestSupport.Fix fix : aml)
        {
            if (fix.view().uncertaintyM() < best)
            {
                best = fix.view().uncertaintyM();
                bestSource = fix.view().fixSource();
            }
        }
        assertThat(bestSource).as("the HTTPS fix is the most precise (14 m against 30 m and 100 m)").isEqualTo(FixSource.AML_HTTPS);
        assertThat(last.fixSource()).isEqualTo(bestSource);
        assertThat(last.uncertaintyM()).isEqualTo(best);
        assertThat(node.failure()).isNull();
    }

    private static CallUpdatedDecoder lastCallUpdate(final long callId)
    {
        CallUpdatedDecoder last = null;
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        try (JournalCursor cursor = JournalCursor.open(nodeContext.outputJournalDir(), JournalRecordDescriptor.TYPE_OUTPUT))
        {
            while (cursor.next() == JournalCursor.RECORD)
            {
                final byte[] copy = new byte[cursor.payloadLength()];
                cursor.buffer().getBytes(cursor.payloadOffset(), copy);
                final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(copy);
                header.wrap(buffer, 0);
                if (header.templateId() == CallUpdatedDecoder.TEMPLATE_ID)
                {
                    final CallUpdatedDecoder update = new CallUpdatedDecoder().wrapAndApplyHeader(buffer, 0, header);
                    if (update.callId() == callId)
                    {
                        last = update;
                    }
                }
            }
        }
        return last;
    }

    private static void postForm(final String number, final int accuracyM) throws Exception
    {
        final long nowMs = System.currentTimeMillis();
        final String form = "v=3&emergency_number=112&source=call&time=" + nowMs + "&location_latitude=10.7770&" +
            "location_longitude=106.7010&location_time=" + nowMs + "&location_accuracy=" + accuracyM + "&location_confidence=68&" +
            "location_source=gps&device_number=" + URLEncoder.encode(number, StandardCharsets.UTF_8) +
            "&device_imei=356938035643809&device_imsi=452049876543210&cell_network_mcc=452&cell_network_mnc=04";
        post("/aml", "application/x-www-form-urlencoded", form);
    }

    private static void postSms(final String originator, final int radiusM) throws Exception
    {
        final String top = ZonedDateTime.now(ZoneOffset.UTC).format(TOP);
        final String fields = "lt=+10.77695;lg=+106.70095;rd=" + radiusM + ";top=" + top + ";lc=68;pm=G;si=452049876543210;" +
            "ei=356938035643809;mcc=452;mnc=04";
        post("/aml?from=" + URLEncoder.encode(originator, StandardCharsets.UTF_8), "text/plain", sms(fields));
    }

    /** An AML SMS with the given fields and its {@code ml}: the whole message's length, itself included. */
    private static String sms(final String fields)
    {
        final String base = "A\"ML=1;" + fields + ";ml=";
        for (int digits = 1; digits <= 4; digits++)
        {
            final int total = base.length() + digits;
            if (String.valueOf(total).length() == digits)
            {
                return base + total;
            }
        }
        throw new IllegalArgumentException(fields);
    }

    private static void post(final String pathAndQuery, final String contentType, final String body) throws Exception
    {
        final HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + aml.port() + pathAndQuery))
            .timeout(Duration.ofSeconds(10)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).startsWith("journaled ");
    }

    /** A certificate for localhost from the JDK's keytool, as PEM files; the client trusts it. */
    private static Path[] certificate() throws Exception
    {
        final Path keystore = dir.resolve("aml.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "aml", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
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
        https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        return new Path[] {certificatePem, keyPem};
    }

    private static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" +
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
