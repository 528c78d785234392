package org.beacon.dispatch.intake.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.beacon.dispatch.intake.sip.SipTestSupport.await;
import static org.beacon.dispatch.intake.sip.SipTestSupport.journal;
import static org.beacon.dispatch.intake.sip.SipTestSupport.scenario;
import static org.beacon.dispatch.intake.sip.SipTestSupport.sipp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.beacon.codecs.Agency;
import org.beacon.codecs.CallEndReason;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.core.BeaconNode;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.dispatch.DispatchService;
import org.beacon.dispatch.intake.sip.SipTestSupport.Journal;
import org.beacon.dispatch.intake.sip.SipTestSupport.Received;
import org.beacon.dispatch.intake.sip.SipTestSupport.SippRun;
import org.beacon.dispatch.location.CellDatabase;
import org.beacon.dispatch.location.CellLocator;
import org.beacon.dispatch.location.ParsedLocation;
import org.beacon.dispatch.location.PidfLoParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * System test: the real {@code sipp} binary as the caller, the gateway on a free port of
 * 127.0.0.1, and a real {@link BeaconNode} running the dispatch state machine; every assertion on
 * what was journaled reads the node's input journal. SIPp comes from the Debian package
 * {@code sip-tester}, which {@code ./beacon test} installs.
 */
class SipGatewaySystemTest
{
    private static final int RINGING_SOURCE = 12;
    /** The caller as journaled: the P-Asserted-Identity {@code <tel:+84901234567>} normalised to E.164. */
    private static final String CALLER = "+84901234567";
    private static final String CALLER_AS_RECEIVED = "tel:+84901234567";

    @TempDir
    static Path dir;

    private static NodeContext nodeContext;
    private static BeaconNode node;
    private static SipGateway gateway;
    private static SipGateway ringing;
    private static Path work;

    @BeforeAll
    static void start() throws IOException
    {
        assertThat(SipTestSupport.sippInstalled()).as("sipp on PATH (apt-get install sip-tester; ./beacon test installs it)").isTrue();
        work = Files.createDirectories(dir.resolve("sipp"));
        nodeContext = new NodeContext()
            .dataDir(dir.resolve("node"))
            .aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(DispatchService::new);
        node = BeaconNode.launch(nodeContext);
        final CellDatabase cells;
        try (InputStream in = SipGatewaySystemTest.class.getResourceAsStream("/location/hcmc-test-cells.csv");
            Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8))
        {
            cells = CellDatabase.load(reader);
        }
        gateway = SipGateway.launch(new SipGatewayContext()
            .bindAddress("127.0.0.1")
            .port(0)
            .coreAddress(nodeContext.coreAddress())
            .maxMessageLength(32 * 1024)
            .cellLocator(new CellLocator(cells)));
        ringing = SipGateway.launch(new SipGatewayContext()
            .bindAddress("127.0.0.1")
            .port(0)
            .coreAddress(nodeContext.coreAddress())
            .sourceId(RINGING_SOURCE)
            .instanceId(1)
            .answerDelayNs(TimeUnit.SECONDS.toNanos(3)));
        await(() -> gateway.coreConnected() && ringing.coreConnected(), "gateways connect to the core");
    }

    @AfterAll
    static void stop()
    {
        if (null != ringing)
        {
            ringing.close();
        }
        if (null != gateway)
        {
            gateway.close();
        }
        if (null != node)
        {
            node.close();
        }
    }

    private static SippRun call(final String scenario, final String tag, final String service, final String... extra) throws Exception
    {
        return sipp(work, scenario(scenario), tag, gateway.port(), "u1", service, extra);
    }

    private static void assertPassed(final SippRun run)
    {
        assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    private static Journal journaled()
    {
        return journal(nodeContext.inputJournalDir());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "invite-point.xml,    POINT,    GNSS",
        "invite-circle.xml,   CIRCLE,   GNSS",
        "invite-ellipse.xml,  ELLIPSE,  CELL",
        "invite-polygon.xml,  POLYGON,  UNKNOWN",
        "invite-arcband.xml,  ARC_BAND, CELL",
    })
    void journalsEachLocationShapeWithTheCallAndItsEnd(final String scenario, final LocationShape shape, final LocationMethod method)
        throws Exception
    {
        final String tag = "shape-" + shape.name().toLowerCase();
        final long journaledBefore = gateway.counters().callsJournaled();
        assertPassed(call(scenario, tag, "112"));

        final ParsedLocation expected = PidfLoParser.parse(SipTestSupport.pidfOf(scenario(scenario)));
        assertThat(expected.usable()).as(expected.detail()).isTrue();
        final Journal journal = journaled();
        final Received call = journal.call(tag + "-1-");
        assertThat(call.source()).isEqualTo(SipGatewayContext.DEFAULT_SOURCE_ID);
        assertThat(call.view().agency()).isEqualTo(Agency.UNIFIED);
        assertThat(call.view().locationQuality()).isEqualTo(LocationQuality.USABLE);
        assertThat(call.view().locationProblem()).isEqualTo(LocationProblem.NONE);
        assertThat(call.view().shape()).isEqualTo(shape);
        assertThat(call.view().fixSource()).isEqualTo(FixSource.SIP_PIDF_LO);
        assertThat(call.view().location().latMicros()).isEqualTo(expected.latMicros());
        assertThat(call.view().location().lonMicros()).isEqualTo(expected.lonMicros());
        assertThat(call.view().location().latMicros()).isBetween(10_700_000, 10_800_000);
        assertThat(call.view().location().lonMicros()).isBetween(106_600_000, 106_800_000);
        assertThat(call.view().uncertaintyM()).isEqualTo(expected.uncertaintyM());
        assertThat((int)call.view().confidencePct()).isEqualTo(expected.confidencePct());
        if (method != LocationMethod.UNKNOWN)
        {
            assertThat(call.view().locationMethod()).isEqualTo(method);
        }
        assertThat(call.caller()).isEqualTo(CALLER);
        final SipTestSupport.Note note = journal.noteOf(call.view().callId());
        assertThat(note.callerAsReceived()).isEqualTo(CALLER_AS_RECEIVED);
        assertThat(note.caller()).isEqualTo(CALLER);
        assertThat(note.inputTemplateId()).isEqualTo(org.beacon.codecs.CallReceivedDecoder.TEMPLATE_ID);
        assertThat(note.bodyProblem()).isEmpty();
        assertThat(note.sequence()).isGreaterThan(call.sequence());
        assertThat(call.emergencyCallId()).startsWith("urn:emergency:uid:callid:1-");
        assertThat(call.locationReference()).isEmpty();

        final List<SipTestSupport.Ended> ends = journal.endsOf(call.view().callId());
        assertThat(ends).hasSize(1);
        assertThat(ends.get(0).reason()).isEqualTo(CallEndReason.BYE_CALLER);
        assertThat(ends.get(0).sequence()).isGreaterThan(call.sequence());
        assertThat(gateway.counters().callsJournaled()).isGreaterThan(journaledBefore);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"112, UNIFIED", "113, POLICE", "114, FIRE", "115, AMBULANCE"})
    void mapsDialledShortNumbersToAgenciesAndJournalsAMissingLocation(final String number, final Agency agency) throws Exception
    {
        final String tag = "dialled-" + number;
        assertPassed(call("invite-dialled-number.xml", tag, number));
        final Received call = journaled().call(tag + "-1-");
        assertThat(call.view().agency()).isEqualTo(agency);
        assertThat(call.view().locationQuality()).isEqualTo(LocationQuality.MISSING);
        assertThat(call.view().locationProblem()).isEqualTo(LocationProblem.NO_LOCATION);
        assertThat(call.view().fixSource()).isEqualTo(FixSource.NONE);
        assertThat(call.view().location().latMicros()).isZero();
        assertThat(call.emergencyCallId()).isEmpty();
    }

    @Test
    void telUriWithAccessNetworkInfoAlsoJournalsANetworkCellFix() throws Exception
    {
        assertPassed(call("invite-tel-uri.xml", "cell", "114"));
        final Journal journal = journaled();
        final Received call = journal.call("cell-1-");
        assertThat(call.view().agency()).isEqualTo(Agency.FIRE);
        assertThat(call.view().locationQuality()).isEqualTo(LocationQuality.USABLE);
        final List<SipTestSupport.Fix> fixes = journal.fixesOf(call.view().callId());
        assertThat(fixes).hasSize(1);
        final SipTestSupport.Fix fix = fixes.get(0);
        assertThat(fix.view().fixSource()).isEqualTo(FixSource.NETWORK_CELL);
        assertThat(fix.view().locationQuality()).isEqualTo(LocationQuality.USABLE);
        assertThat(fix.view().locationMethod()).isEqualTo(LocationMethod.CELL);
        assertThat(fix.view().shape()).isEqualTo(LocationShape.CELL_SECTOR);
        assertThat(fix.view().uncertaintyM()).isGreaterThan(500);
        assertThat(fix.sequence()).isGreaterThan(call.sequence());
        assertThat(fix.caller()).isEqualTo(CALLER);
        assertThat(gateway.counters().cellFixes()).isPositive();
    }

    @Test
    void recordsALocationByReference() throws Exception
    {
        final long before = gateway.counters().locationsByReference();
        assertPassed(call("invite-by-reference.xml", "byref", "112"));
        final Received call = journaled().call("byref-1-");
        assertThat(call.view().agency()).isEqualTo(Agency.AMBULANCE);
        assertThat(call.view().locationQuality()).isEqualTo(LocationQuality.BY_REFERENCE);
        assertThat(call.view().locationProblem()).isEqualTo(LocationProblem.BY_REFERENCE_ONLY);
        assertThat(call.locationReference()).startsWith("https://lis.example.vn/location/ref-1-");
        assertThat(call.view().location().latMicros()).isZero();
        assertThat(gateway.counters().locationsByReference()).isEqualTo(before + 1);
    }

    @Test
    void reinviteWithAnUpdatedLocationJournalsALocationFix() throws Exception
    {
        final long before = gateway.counters().locationFixes();
        assertPassed(call("reinvite-location.xml", "reinvite", "112"));
        final Journal journal = journaled();
        final Received call = journal.call("reinvite-1-");
        assertThat(call.view().agency()).isEqualTo(Agency.FIRE);
        assertThat(call.view().shape()).isEqualTo(LocationShape.CIRCLE);
        final List<SipTestSupport.Fix> fixes = journal.fixesOf(call.view().callId());
        assertThat(fixes).hasSize(1);
        final SipTestSupport.Fix fix = fixes.get(0);
        assertThat(fix.view().fixSource()).isEqualTo(FixSource.SIP_REINVITE);
        assertThat(fix.view().locationQuality()).isEqualTo(LocationQuality.USABLE);
        assertThat(fix.view().shape()).isEqualTo(LocationShape.POINT);
        assertThat(fix.view().location().latMicros()).isEqualTo(10_780_000);
        assertThat(fix.view().location().lonMicros()).isEqualTo(106_705_000);
        assertThat(fix.sequence()).isGreaterThan(call.sequence());
        final List<SipTestSupport.Ended> ends = journal.endsOf(call.view().callId());
        assertThat(ends).extracting(SipTestSupport.Ended::reason).containsExactly(CallEndReason.BYE_CALLER);
        assertThat(ends.get(0).sequence()).isGreaterThan(fix.sequence());
        assertThat(gateway.counters().locationFixes()).isEqualTo(before + 1);
        assertThat(gateway.counters().reinvites()).isPositive();
    }

    @Test
    void cancelBeforeTheAnswerEndsTheCallWith487() throws Exception
    {
        final SippRun run = sipp(work, scenario("cancel-before-answer.xml"), "cancel", ringing.port(), "u1", "112");
        assertPassed(run);
        final Journal journal = journaled();
        final Received call = journal.call("cancel-1-");
        assertThat(call.source()).isEqualTo(RINGING_SOURCE);
        assertThat(call.view().agency()).isEqualTo(Agency.POLICE);
        assertThat(call.view().callId() & SipCallIds.MAX_INSTANCE_ID).isEqualTo(1);
        assertThat(journal.endsOf(call.view().callId())).extracting(SipTestSupport.Ended::reason).containsExactly(CallEndReason.CANCEL);
        assertThat(ringing.counters().cancels()).isEqualTo(1);
        assertThat(ringing.counters().callsAnswered()).isZero();
    }

    @Test
    void retransmitsThe200UntilTheAck() throws Exception
    {
        final long before = gateway.counters().retransmissionsSent();
        assertPassed(call("retransmitted-200.xml", "retrans", "112"));
        assertThat(gateway.counters().retransmissionsSent()).isGreaterThan(before);
        final Journal journal = journaled();
        final Received call = journal.call("retrans-1-");
        assertThat(journal.endsOf(call.view().callId())).extracting(SipTestSupport.Ended::reason).containsExactly(CallEndReason.BYE_CALLER);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "broken-location-xml.xml, UNUSABLE, MALFORMED_XML",
        "unknown-shape.xml,       UNUSABLE, UNKNOWN_SHAPE",
        "out-of-range.xml,        UNUSABLE, OUT_OF_RANGE",
        "no-location.xml,         MISSING,  NO_LOCATION",
        "cid-mismatch.xml,        UNUSABLE, BAD_MULTIPART",
    })
    void answersEveryCallWhateverItsLocationAndJournalsWhyTheLocationIsUnusable(
        final String scenario, final LocationQuality quality, final LocationProblem problem) throws Exception
    {
        final String tag = "unusable-" + problem.name().toLowerCase();
        final long unusableBefore = gateway.counters().unusableLocations();
        final long answeredBefore = gateway.counters().callsAnswered();
        assertPassed(call(scenario, tag, "112"));
        final Journal journal = journaled();
        final Received call = journal.call(tag + "-1-");
        assertThat(call.view().locationQuality()).isEqualTo(quality);
        assertThat(call.view().locationProblem()).isEqualTo(problem);
        assertThat(call.view().location().latMicros()).isZero();
        assertThat(call.view().location().lonMicros()).isZero();
        assertThat(journal.endsOf(call.view().callId())).hasSize(1);
        assertThat(gateway.counters().unusableLocations()).isEqualTo(unusableBefore + 1);
        assertThat(gateway.counters().callsAnswered()).isEqualTo(answeredBefore + 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "wrong-boundary.xml       | BAD_MULTIPART   | Multipart Body: boundary 'not-the-boundary' not found",
        "broken-sdp.xml           | UNREADABLE_BODY | Malformed SDP m= line",
        "unsupported-body.xml     | UNREADABLE_BODY | Unsupported Media Type 'text/plain'",
        "wrong-content-length.xml | UNREADABLE_BODY | Body Shorter Than Its Content-Length (9000)",
    })
    void answersAnEmergencyCallWhoseBodyCannotBeUsedWithItsOwnOfferAndJournalsWhy(
        final String scenario, final LocationProblem problem, final String reason) throws Exception
    {
        final String tag = "body-" + scenario.replace(".xml", "");
        final SipCounters c = gateway.counters();
        final long replacedBefore = c.bodiesReplaced();
        final long answeredBefore = c.callsAnswered();
        final long[] refusedBefore = {c.notAcceptable(), c.badRequests(), c.unsupportedMediaType()};
        // the scenario requires a 200 carrying Beacon's own offer, and sends its answer in the ACK
        assertPassed(call(scenario, tag, "112"));
        final Journal journal = journaled();
        final Received call = journal.call(tag + "-1-");
        assertThat(call.caller()).isEqualTo(CALLER);
        assertThat(call.view().locationQuality()).isEqualTo(LocationQuality.UNUSABLE);
        assertThat(call.view().locationProblem()).isEqualTo(problem);
        assertThat(call.view().location().latMicros()).isZero();
        final SipTestSupport.Note note = journal.noteOf(call.view().callId());
        assertThat(note.bodyProblem()).isEqualTo(reason);
        assertThat(note.callerAsReceived()).isEqualTo(CALLER_AS_RECEIVED);
        assertThat(journal.endsOf(call.view().callId())).extracting(SipTestSupport.Ended::reason)
            .containsExactly(CallEndReason.BYE_CALLER);
        assertThat(c.bodiesReplaced()).isEqualTo(replacedBefore + 1);
        assertThat(c.callsAnswered()).isEqualTo(answeredBefore + 1);
        assertThat(new long[] {c.notAcceptable(), c.badRequests(), c.unsupportedMediaType()}).isEqualTo(refusedBefore);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "malformed-header.xml,     400",
        "not-emergency.xml,        404",
        "unknown-method.xml,       501",
        "options.xml,              200",
    })
    void refusesWhatIsNotValidSipWithTheProtocolsOwnErrorAndCountsIt(final String scenario, final int code) throws Exception
    {
        final String tag = "bad-" + scenario.replace(".xml", "");
        final SipCounters c = gateway.counters();
        final long[] before = {c.notAcceptable(), c.badRequests(), c.unsupportedMediaType(), c.notEmergency(), c.notImplemented(),
            c.methodNotAllowed(), c.options()};
        assertPassed(call(scenario, tag, "999"));
        final long[] after = {c.notAcceptable(), c.badRequests(), c.unsupportedMediaType(), c.notEmergency(), c.notImplemented(),
            c.methodNotAllowed(), c.options()};
        switch (code)
        {
            case 488:
                assertThat(after[0]).isEqualTo(before[0] + 1);
                break;
            case 400:
                assertThat(after[1]).isEqualTo(before[1] + 1);
                break;
            case 415:
                assertThat(after[2]).isEqualTo(before[2] + 1);
                break;
            case 404:
                assertThat(after[3]).isEqualTo(before[3] + 1);
                break;
            case 501:
                assertThat(after[4]).isEqualTo(before[4] + 1);
                assertThat(after[5]).isEqualTo(before[5] + 1);
                break;
            default:
                assertThat(after[6]).isEqualTo(before[6] + 1);
                break;
        }
        assertThat(journaled().hasCall(tag)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"u1", "t1"})
    void answersAnEmergencyCallWhoseBodyIsTooLargeWithoutReadingIt(final String transport) throws Exception
    {
        final String template = Files.readString(scenario("huge-body.xml"), StandardCharsets.ISO_8859_1);
        final StringBuilder filler = new StringBuilder();
        for (int i = 0; i < 400; i++)
        {
            filler.append("      <!-- ").append("x".repeat(90)).append(" -->\n");
        }
        final Path expanded = work.resolve("huge-body-" + transport + ".xml");
        Files.writeString(expanded, template.replace("      @@FILLER@@\n", filler.toString()), StandardCharsets.ISO_8859_1);
        final long before = gateway.counters().bodiesReplaced();
        final long tooLargeBefore = gateway.counters().tooLarge();
        final SippRun run = sipp(work, expanded, "huge-" + transport, gateway.port(), transport, "112");
        assertPassed(run);
        assertThat(gateway.counters().bodiesReplaced()).isEqualTo(before + 1);
        assertThat(gateway.counters().tooLarge()).as("not refused 413").isEqualTo(tooLargeBefore);
        final Journal journal = journaled();
        final Received call = journal.call("huge-" + transport + "-1-");
        assertThat(call.view().locationQuality()).isEqualTo(LocationQuality.UNUSABLE);
        assertThat(call.view().locationProblem()).isEqualTo(LocationProblem.UNREADABLE_BODY);
        assertThat(journal.noteOf(call.view().callId()).bodyProblem()).isEqualTo("Body Too Large (over 32768 bytes)");
        assertThat(journal.endsOf(call.view().callId())).hasSize(1);
    }

    @Test
    void dropsBytesThatAreNotSipAndKeepsServing() throws Exception
    {
        final long before = gateway.counters().notSip();
        final byte[] junk = new byte[512];
        new java.util.Random(42).nextBytes(junk);
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            udp.setSoTimeout(500);
            udp.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), gateway.port()));
            final byte[] text = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            udp.send(new DatagramPacket(text, text.length, InetAddress.getLoopbackAddress(), gateway.port()));
            final DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
            try
            {
                udp.receive(reply);
                throw new AssertionError("no answer expected to a datagram that is not SIP");
            }
            catch (final SocketTimeoutException expected)
            {
                // dropped, as it should be
            }
        }
        try (Socket tcp = new Socket())
        {
            tcp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.port()), 2000);
            tcp.setSoTimeout(5000);
            tcp.getOutputStream().write(junk);
            tcp.getOutputStream().flush();
            final String answer = new String(tcp.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("SIP/2.0 400 ");
        }
        await(() -> gateway.counters().notSip() == before + 3, "three non-SIP inputs counted");
        assertPassed(call("options.xml", "alive-after-junk", "112"));
    }

    @Test
    void skipsAnOversizedTcpBodyAndKeepsTheConnection() throws Exception
    {
        final long before = gateway.counters().tooLarge();
        try (Socket tcp = new Socket())
        {
            tcp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.port()), 2000);
            tcp.setSoTimeout(5000);
            final int local = tcp.getLocalPort();
            final byte[] body = new byte[1024 * 1024];
            java.util.Arrays.fill(body, (byte)'x');
            final OutputStream out = tcp.getOutputStream();
            // not an emergency call (an emergency INVITE is taken without its body: see the huge-body scenario)
            out.write(request("OPTIONS", "sip:127.0.0.1", "raw-huge@test", 1, "TCP", local, "application/sdp", body.length));
            out.write(body);
            out.write(request("OPTIONS", "sip:127.0.0.1", "raw-options@test", 1, "TCP", local, null, 0));
            out.flush();
            final String first = readResponse(tcp.getInputStream());
            assertThat(first).startsWith("SIP/2.0 413 ");
            final String second = readResponse(tcp.getInputStream());
            assertThat(second).startsWith("SIP/2.0 200 ").contains("Call-ID: raw-options@test");
        }
        assertThat(gateway.counters().tooLarge()).isEqualTo(before + 1);
    }

    @Test
    void absorbsARetransmittedInviteAndJournalsTheCallOnce() throws Exception
    {
        final long absorbedBefore = gateway.counters().retransmissionsAbsorbed();
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            udp.setSoTimeout(5000);
            final int local = udp.getLocalPort();
            final byte[] sdp = ("v=0\r\no=c 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
                "m=audio 40000 RTP/AVP 8\r\n").getBytes(StandardCharsets.US_ASCII);
            final byte[] invite = concat(request("INVITE", "urn:service:sos.police", "raw-retrans@test", 1, "UDP", local,
                "application/sdp", sdp.length), sdp);
            final InetSocketAddress gw = new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.port());
            udp.send(new DatagramPacket(invite, invite.length, gw));
            assertThat(receive(udp)).startsWith("SIP/2.0 100 Trying");
            udp.send(new DatagramPacket(invite, invite.length, gw));
            String response;
            String ok = null;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (null == ok && System.nanoTime() < deadline)
            {
                response = receive(udp);
                if (response.startsWith("SIP/2.0 200 "))
                {
                    ok = response;
                }
            }
            assertThat(ok).isNotNull().contains("m=audio ").doesNotContain("m=audio 0 ").contains("RTP/AVP 8");
            final String toTag = ok.substring(ok.indexOf(";tag=", ok.indexOf("\r\nTo: ")) + 5).split("[\r;>]")[0];
            final byte[] ack = request("ACK", "sip:beacon@127.0.0.1", "raw-retrans@test", 1, "UDP", local, null, 0, toTag);
            udp.send(new DatagramPacket(ack, ack.length, gw));
            final byte[] bye = request("BYE", "sip:beacon@127.0.0.1", "raw-retrans@test", 2, "UDP", local, null, 0, toTag);
            udp.send(new DatagramPacket(bye, bye.length, gw));
            String byeOk = receive(udp);
            while (!byeOk.contains("CSeq: 2 BYE"))
            {
                byeOk = receive(udp);
            }
            assertThat(byeOk).startsWith("SIP/2.0 200 ");
            // a retransmitted BYE gets the same 200 again, and nothing new reaches the journal
            udp.send(new DatagramPacket(bye, bye.length, gw));
            assertThat(receive(udp)).startsWith("SIP/2.0 200 ").contains("CSeq: 2 BYE");
        }
        assertThat(gateway.counters().retransmissionsAbsorbed()).isGreaterThanOrEqualTo(absorbedBefore + 2);
        final Journal journal = journaled();
        final Received call = journal.call("raw-retrans@test");
        assertThat(journal.endsOf(call.view().callId())).hasSize(1);
    }

    @Test
    void sustainsSippRateModeWithoutFailedCalls() throws Exception
    {
        final long journaledBefore = gateway.counters().callsJournaled();
        final long endedBefore = gateway.counters().callsEnded();
        final SippRun run = call("load-call.xml", "load", "112", "-r", "200", "-m", "2000", "-l", "400", "-timeout", "60s");
        assertPassed(run);
        assertThat(run.output()).containsPattern("Failed call\\s*\\|\\s*0\\s*\\|\\s*0");
        await(() -> gateway.counters().callsEnded() - endedBefore == 2000, "2000 calls ended");
        assertThat(gateway.counters().callsJournaled() - journaledBefore).isEqualTo(2000);
        assertThat(gateway.counters().overloaded()).isZero();
        assertThat(gateway.counters().coreUnavailable()).isZero();
        final Journal journal = journaled();
        assertThat(journal.received().stream().filter(r -> r.sipCallId().startsWith("load-")).count()).isEqualTo(2000);
        assertThat(gateway.counters().setupLatencyPercentileNs(99)).isPositive();
    }

    @Test
    void answers503WhenTheCoreCannotJournalTheCall() throws Exception
    {
        final Path driverDir = dir.resolve("lonely-driver");
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(driverDir.toString())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED));
            SipGateway lonely = SipGateway.launch(new SipGatewayContext()
                .bindAddress("127.0.0.1")
                .port(0)
                .sourceId(13)
                .coreTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))
                .coreClientSupplier(() -> new CoreClient(
                    Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())), true,
                    new NodeContext().aeronDir(driver.aeronDirectoryName()).coreAddress(), 13))))
        {
            await(lonely::coreConnected, "client made (no core behind it)");
            final SippRun run = sipp(work, scenario("core-unreachable.xml"), "nocore", lonely.port(), "u1", "112");
            assertPassed(run);
            assertThat(lonely.counters().coreUnavailable()).isEqualTo(1);
            assertThat(lonely.counters().callsAnswered()).isZero();
            await(() -> lonely.counters().activeCalls() == 0, "the refused call is over once its 503 is acknowledged");
        }
    }

    // ---------------------------------------------------------------- raw SIP helpers

    private static byte[] request(final String method, final String uri, final String callId, final int cseq, final String transport,
        final int localPort, final String contentType, final int contentLength)
    {
        return request(method, uri, callId, cseq, transport, localPort, contentType, contentLength, null);
    }

    private static byte[] request(final String method, final String uri, final String callId, final int cseq, final String transport,
        final int localPort, final String contentType, final int contentLength, final String toTag)
    {
        final String branch = "z9hG4bK-" + callId.hashCode() + "-" + cseq + ("ACK".equals(method) ? "-ack" : "");
        final StringBuilder s = new StringBuilder()
            .append(method).append(' ').append(uri).append(" SIP/2.0\r\n")
            .append("Via: SIP/2.0/").append(transport).append(" 127.0.0.1:").append(localPort).append(";branch=").append(branch)
            .append(";rport\r\n")
            .append("f: <sip:+84912345678@127.0.0.1>;tag=raw1\r\n")
            .append("t: <").append(uri).append('>').append(null == toTag ? "" : ";tag=" + toTag).append("\r\n")
            .append("i: ").append(callId).append("\r\n")
            .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
            .append("m: <sip:caller@127.0.0.1:").append(localPort).append(">\r\n")
            .append("Max-Forwards: 70\r\n");
        if (null != contentType)
        {
            s.append("c: ").append(contentType).append("\r\n");
        }
        s.append("l: ").append(contentLength).append("\r\n\r\n");
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String receive(final DatagramSocket udp) throws IOException
    {
        final DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);
        udp.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    private static String readResponse(final InputStream in) throws IOException
    {
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            final int b = in.read();
            if (b < 0)
            {
                break;
            }
            head.append((char)b);
        }
        final String text = head.toString();
        final int at = text.toLowerCase().indexOf("content-length:");
        if (at >= 0)
        {
            final int length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
            in.readNBytes(length);
        }
        return text;
    }
}
