package org.beacon.signal.sumo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.beacon.signal.sumo.FakeTraciServer.hangUpAfter;
import static org.beacon.signal.sumo.FakeTraciServer.reply;
import static org.beacon.signal.sumo.Wire.b;
import static org.beacon.signal.sumo.Wire.cat;
import static org.beacon.signal.sumo.Wire.cmd;
import static org.beacon.signal.sumo.Wire.f64;
import static org.beacon.signal.sumo.Wire.getAnswer;
import static org.beacon.signal.sumo.Wire.hex;
import static org.beacon.signal.sumo.Wire.i32;
import static org.beacon.signal.sumo.Wire.msg;
import static org.beacon.signal.sumo.Wire.ok;
import static org.beacon.signal.sumo.Wire.response;
import static org.beacon.signal.sumo.Wire.status;
import static org.beacon.signal.sumo.Wire.str;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec against a scripted fake TraCI server. Golden request bytes and the controlled-links
 * answer were captured from SUMO 1.15.0 talking to SUMO's own python client.
 */
class TraciClientCodecTest
{
    private static final Duration NO_HANG = Duration.ofSeconds(5);
    private static final int TL_GET = 0xa2;
    private static final int VEH_GET = 0xa4;
    private static final int SIM_GET = 0xab;

    @Test
    void connectSendsGetVersionAndReadsTheAnswer() throws Exception
    {
        try (FakeTraciServer server = new FakeTraciServer(); TraciClient client = server.connect())
        {
            assertThat(hex(server.nextRequest())).isEqualTo("00 00 00 06 02 00");
            assertThat(client.apiVersion()).isEqualTo(20);
            assertThat(client.sumoVersion()).isEqualTo("SUMO 1.15.0");
        }
    }

    @Test
    void parsesEachValueType() throws Exception
    {
        try (FakeTraciServer server = new FakeTraciServer(
            reply(getAnswer(TL_GET, 0x28, "A0", cat(b(0x09), i32(3)))),
            reply(getAnswer(VEH_GET, 0x40, "v1", cat(b(0x0B), f64(13.89)))),
            reply(getAnswer(VEH_GET, 0x50, "v1", cat(b(0x0C), str("A0A1")))),
            reply(getAnswer(TL_GET, 0x00, "", cat(b(0x0E), i32(2), str("A0"), str("B1")))),
            reply(getAnswer(VEH_GET, 0x00, "", cat(b(0x0E), i32(0)))),
            reply(getAnswer(VEH_GET, 0x42, "v1", cat(b(0x01), f64(1.6), f64(8.3)))),
            reply(getAnswer(SIM_GET, 0x82, "", cat(b(0x00), f64(106.7), f64(10.77)))),
            reply(getAnswer(0xaa, 0x10, "e1", cat(b(0x09), i32(4)))),
            reply(getAnswer(SIM_GET, 0x66, "", cat(b(0x0B), f64(12.5))))))
        {
            final TraciClient client = server.connect();
            server.nextRequest();
            assertThat(client.phase("A0")).isEqualTo(3);
            assertThat(hex(server.nextRequest())).isEqualTo("00 00 00 0d 09 a2 28 00 00 00 02 41 30");
            assertThat(client.vehicleSpeed("v1")).isEqualTo(13.89);
            assertThat(client.vehicleRoadId("v1")).isEqualTo("A0A1");
            assertThat(client.trafficLightIds()).containsExactly("A0", "B1");
            assertThat(client.vehicleIds()).isEmpty();
            assertThat(client.vehiclePosition("v1")).containsExactly(1.6, 8.3);
            assertThat(client.lonLat(10, 10)).containsExactly(106.7, 10.77);
            assertThat(client.edgeVehicleCount("e1")).isEqualTo(4);
            assertThat(client.simulationTime()).isEqualTo(12.5);
            for (int i = 0; i < 7; i++)
            {
                server.nextRequest();
            }
            assertThat(hex(server.nextRequest())).isEqualTo("00 00 00 0b 07 ab 66 00 00 00 00");
            client.close();
            assertThat(hex(server.nextRequest())).isEqualTo("00 00 00 06 02 7f");
            assertThat(client.isClosed()).isTrue();
            client.close();
        }
    }

    @Test
    void parsesControlledLinksCapturedFromSumo() throws Exception
    {
        final byte[] captured = hex("07 a2 00 00 00 00 00 65 b2 27 00 00 00 02 41 30 0f 00 00 00 05 09 00 00 00 02 09 00 00 00 01"
            + " 0e 00 00 00 03 00 00 00 06 41 31 41 30 5f 30 00 00 00 06 41 30 42 30 5f 30 00 00 00 07 3a 41 30 5f 30 5f 30"
            + " 09 00 00 00 01 0e 00 00 00 03 00 00 00 06 42 30 41 30 5f 30 00 00 00 06 41 30 41 31 5f 30"
            + " 00 00 00 07 3a 41 30 5f 31 5f 30");
        try (FakeTraciServer server = new FakeTraciServer(reply(cat(i32(4 + captured.length), captured)));
            TraciClient client = server.connect())
        {
            assertThat(client.controlledLinks("A0")).containsExactly(
                List.of(new TraciClient.ControlledLink("A1A0_0", "A0B0_0", ":A0_0_0")),
                List.of(new TraciClient.ControlledLink("B0A0_0", "A0A1_0", ":A0_1_0")));
        }
    }

    @Test
    void setCommandsMatchSumosOwnClientByteForByte() throws Exception
    {
        final int[] ids = {0xc6, 0xc4, 0x02, 0xc4, 0xc2, 0xc2, 0xc4, 0xc5, 0xc5, 0x03};
        final FakeTraciServer.Reply[] oks = new FakeTraciServer.Reply[ids.length];
        for (int i = 0; i < ids.length; i++)
        {
            oks[i] = reply(ids[i] == 0x02 ? msg(ok(0x02), i32(0)) : msg(ok(ids[i])));
        }
        try (FakeTraciServer server = new FakeTraciServer(oks); TraciClient client = server.connect())
        {
            server.nextRequest();
            client.addRoute("r1", List.of("A0A1", "A1B1"));
            client.addVehicle("v1", "r1", "DEFAULT_VEHTYPE", "now", "best", "max");
            client.simulationStep(0);
            client.setVehicleRoute("v1", List.of("A0A1", "A1A2"));
            client.setPhase("A0", 1);
            client.setProgram("A0", "0");
            client.setVehicleSpeedMode("v1", 31);
            client.copyVehicleType("DEFAULT_VEHTYPE", "em");
            client.setVehicleTypeColor("em", 255, 0, 0, 255);
            client.setOrder(1);
            assertThat(hex(server.nextRequest())).isEqualTo(
                "00 00 00 22 1e c6 80 00 00 00 02 72 31 0e 00 00 00 02 00 00 00 04 41 30 41 31 00 00 00 04 41 31 42 31");
            assertThat(hex(server.nextRequest())).isEqualTo("00 00 00 88 84 c4 85 00 00 00 02 76 31 0f 00 00 00 0e"
                + " 0c 00 00 00 02 72 31 0c 00 00 00 0f 44 45 46 41 55 4c 54 5f 56 45 48 54 59 50 45 0c 00 00 00 03 6e 6f 77"
                + " 0c 00 00 00 04 62 65 73 74 0c 00 00 00 04 62 61 73 65 0c 00 00 00 03 6d 61 78 0c 00 00 00 07 63 75 72 72 65 6e 74"
                + " 0c 00 00 00 03 6d 61 78 0c 00 00 00 07 63 75 72 72 65 6e 74 0c 00 00 00 00 0c 00 00 00 00 0c 00 00 00 00"
                + " 09 00 00 00 00 09 00 00 00 00");
            assertThat(hex(server.nextRequest())).isEqualTo("00 00 00 0e 0a 02 00 00 00 00 00 00 00 00");
            assertThat(hex(server.nextRequest())).isEqualTo(
                "00 00 00 22 1e c4 57 00 00 00 02 76 31 0e 00 00 00 02 00 00 00 04 41 30 41 31 00 00 00 04 41 31 41 32");
            assertThat(hex(server.nextRequest())).isEqualTo("00 00 00 12 0e c2 22 00 00 00 02 41 30 09 00 00 00 01");
            assertThat(hex(server.nextRequest())).isEqualTo("00 00 00 13 0f c2 23 00 00 00 02 41 30 0c 00 00 00 01 30");
            assertThat(hex(server.nextRequest())).isEqualTo("00 00 00 12 0e c4 b3 00 00 00 02 76 31 09 00 00 00 1f");
            assertThat(hex(server.nextRequest())).isEqualTo(
                "00 00 00 21 1d c5 88 00 00 00 0f 44 45 46 41 55 4c 54 5f 56 45 48 54 59 50 45 0c 00 00 00 02 65 6d");
            assertThat(hex(server.nextRequest())).isEqualTo("00 00 00 12 0e c5 45 00 00 00 02 65 6d 11 ff 00 00 ff");
            assertThat(hex(server.nextRequest())).isEqualTo("00 00 00 0a 06 03 00 00 00 01");
        }
    }

    @Test
    void longCommandsUseTheExtendedLengthFormBothWays() throws Exception
    {
        final String state = "G".repeat(300);
        try (FakeTraciServer server = new FakeTraciServer(
            reply(msg(ok(0xc2))),
            reply(msg(ok(TL_GET), Wire.longCmd(TL_GET + 0x10, cat(b(0x20), str("B1"), b(0x0C), str(state)))))))
        {
            final TraciClient client = server.connect();
            server.nextRequest();
            client.setRedYellowGreenState("B1", state);
            final ByteBuffer request = ByteBuffer.wrap(server.nextRequest());
            final int commandLength = 1 + 4 + 1 + 1 + 4 + 2 + 1 + 4 + 300;
            assertThat(request.getInt()).isEqualTo(4 + commandLength);
            assertThat(request.get()).isEqualTo((byte)0);
            assertThat(request.getInt()).isEqualTo(commandLength);
            assertThat(request.get() & 0xFF).isEqualTo(0xc2);
            assertThat(request.get() & 0xFF).isEqualTo(0x20);
            assertThat(client.redYellowGreenState("B1")).isEqualTo(state);
            client.close();
        }
    }

    @Test
    void errorStatusCarriesSumosTextAndKeepsTheConnection() throws Exception
    {
        // Exactly what SUMO 1.15.0 sent for trafficlight.getPhase("nope").
        final byte[] captured = hex("28 a2 ff 00 00 00 21 54 72 61 66 66 69 63 20 6c 69 67 68 74 20 27 6e 6f 70 65 27 20 69 73 20"
            + "6e 6f 74 20 6b 6e 6f 77 6e");
        try (FakeTraciServer server = new FakeTraciServer(
            reply(cat(i32(4 + captured.length), captured)),
            reply(msg(status(0xc4, 0x01, "not here"))),
            reply(getAnswer(TL_GET, 0x28, "A0", cat(b(0x09), i32(2))))))
        {
            final TraciClient client = server.connect();
            assertThatThrownBy(() -> client.phase("nope"))
                .isExactlyInstanceOf(TraciException.class)
                .hasMessageContaining("Traffic light 'nope' is not known")
                .satisfies(ex ->
                {
                    final TraciException te = (TraciException)ex;
                    assertThat(te.commandId()).isEqualTo(TL_GET);
                    assertThat(te.status()).isEqualTo(0xff);
                    assertThat(te.description()).isEqualTo("Traffic light 'nope' is not known");
                });
            assertThatThrownBy(() -> client.setVehicleSpeedMode("v", 0))
                .isExactlyInstanceOf(TraciException.class)
                .satisfies(ex -> assertThat(((TraciException)ex).status()).isEqualTo(0x01));
            assertThat(client.isClosed()).isFalse();
            assertThat(client.phase("A0")).isEqualTo(2);
            client.close();
        }
    }

    static Stream<Arguments> badAnswers()
    {
        final byte[] okTl = ok(TL_GET);
        final Consumer<TraciClient> getString = c -> c.vehicleRoadId("v1");
        final Consumer<TraciClient> getPhase = c -> c.phase("A0");
        return Stream.of(
            Arguments.of("message length below its own prefix", i32(2), getPhase, "message length 2 outside the valid range"),
            Arguments.of("message length absurdly large", i32(Integer.MAX_VALUE), getPhase, "outside the valid range"),
            Arguments.of("message shorter than its status", msg(b(7, TL_GET, 0)), getPhase, "exceeds the 3 bytes left"),
            Arguments.of("status for another command", msg(ok(VEH_GET)), getPhase,
                "expected the status of command 0xa2, found command id 0xa4"),
            Arguments.of("undefined status result", msg(status(TL_GET, 0x05, "")), getPhase,
                "expected result 0x00, 0x01 or 0xff, found 0x05"),
            Arguments.of("status length disagrees with content", msg(cmd(TL_GET, cat(b(0), str(""), b(0)))), getPhase,
                "status: command declared to end"),
            Arguments.of("ok status but no response", msg(okTl), getPhase, "truncated: response length"),
            Arguments.of("unknown response id", msg(okTl, response(0xa3, 0x28, "A0", cat(b(0x09), i32(1)))), getPhase,
                "expected response id 0xb2, found 0xb3"),
            Arguments.of("response for another variable", msg(okTl, response(TL_GET, 0x22, "A0", cat(b(0x09), i32(1)))), getPhase,
                "expected variable 0x28, found 0x22"),
            Arguments.of("response for another object", msg(okTl, response(TL_GET, 0x28, "B0", cat(b(0x09), i32(1)))), getPhase,
                "expected object id 'A0', found 'B0'"),
            Arguments.of("wrong type byte", getAnswer(VEH_GET, 0x50, "v1", cat(b(0x09), i32(1))), getString,
                "expected type string (0x0c), found int (0x09)"),
            Arguments.of("oversized string length", getAnswer(VEH_GET, 0x50, "v1", cat(b(0x0C), i32(1_000_000), b('A'))), getString,
                "string length 1000000 exceeds the 1 bytes left"),
            Arguments.of("negative string length", getAnswer(VEH_GET, 0x50, "v1", cat(b(0x0C), i32(-1))), getString,
                "expected a string length >= 0, found -1"),
            Arguments.of("invalid UTF-8", getAnswer(VEH_GET, 0x50, "v1", cat(b(0x0C), i32(2), b(0xC3, 0x28))), getString,
                "not valid UTF-8"),
            Arguments.of("string list count beyond message", getAnswer(TL_GET, 0x00, "", cat(b(0x0E), i32(50_000_000))),
                (Consumer<TraciClient>)TraciClient::trafficLightIds, "string count 50000000 does not fit"),
            Arguments.of("value truncated inside command", msg(okTl, cmd(TL_GET + 0x10, cat(b(0x28), str("A0"), b(0x09), b(0, 0)))),
                getPhase, "truncated: value at offset"),
            Arguments.of("trailing bytes inside response", msg(okTl, response(TL_GET, 0x28, "A0", cat(b(0x09), i32(1), b(0)))),
                getPhase, "response: command declared to end"),
            Arguments.of("trailing bytes after response", msg(okTl, response(TL_GET, 0x28, "A0", cat(b(0x09), i32(1))), b(0)),
                getPhase, "response: 1 unexpected trailing bytes"),
            Arguments.of("error status followed by more", msg(status(TL_GET, 0xff, "boom"), ok(TL_GET)), getPhase,
                "error status: 7 unexpected trailing bytes"),
            Arguments.of("step answer with subscriptions", msg(ok(0x02), i32(1)), (Consumer<TraciClient>)c -> c.simulationStep(0),
                "expected 0 subscription results"),
            Arguments.of("controlled links item count lies", getAnswer(TL_GET, 0x27, "A0", cat(b(0x0F), i32(9), b(0x09), i32(0))),
                (Consumer<TraciClient>)c -> c.controlledLinks("A0"), "compound declared 9 items, content holds 1")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAnswers")
    void badAnswerIsAProtocolErrorThatClosesTheConnection(
        final String name, final byte[] answer, final Consumer<TraciClient> call, final String expected) throws Exception
    {
        assertTimeoutPreemptively(NO_HANG, () ->
        {
            try (FakeTraciServer server = new FakeTraciServer(reply(answer)))
            {
                final TraciClient client = server.connect();
                assertThatThrownBy(() -> call.accept(client))
                    .isInstanceOf(TraciProtocolException.class)
                    .hasMessageContaining(expected);
                assertClosed(client);
                assertThat(server.awaitClientGone()).as("client closed its socket").isTrue();
            }
        });
    }

    @Test
    void truncatedStreamThenEndOfStream() throws Exception
    {
        assertTimeoutPreemptively(NO_HANG, () ->
        {
            final byte[] whole = getAnswer(VEH_GET, 0x40, "v1", cat(b(0x0B), f64(1)));
            final byte[] cut = java.util.Arrays.copyOf(whole, 12);
            try (FakeTraciServer server = new FakeTraciServer(hangUpAfter(cut)))
            {
                final TraciClient client = server.connect();
                assertThatThrownBy(() -> client.vehicleSpeed("v1"))
                    .isInstanceOf(TraciProtocolException.class)
                    .hasMessageContaining("truncated: message declared " + whole.length + " bytes, stream ended after 12");
                assertClosed(client);
            }
        });
    }

    @Test
    void truncatedStreamThatStallsHitsTheReadTimeout() throws Exception
    {
        assertTimeoutPreemptively(NO_HANG, () ->
        {
            final byte[] whole = getAnswer(VEH_GET, 0x40, "v1", cat(b(0x0B), f64(1)));
            try (FakeTraciServer server = new FakeTraciServer(reply(java.util.Arrays.copyOf(whole, 12))))
            {
                final TraciClient client = server.connect();
                assertThatThrownBy(() -> client.vehicleSpeed("v1"))
                    .isInstanceOf(TraciProtocolException.class)
                    .hasMessageContaining("no complete answer within the 400 ms read timeout (message body: 8 of "
                        + (whole.length - 4) + " bytes arrived)");
                assertClosed(client);
                assertThat(server.awaitClientGone()).isTrue();
            }
        });
    }

    @Test
    void silenceHitsTheReadTimeout() throws Exception
    {
        assertTimeoutPreemptively(NO_HANG, () ->
        {
            try (FakeTraciServer server = new FakeTraciServer())
            {
                final TraciClient client = server.connect();
                assertThatThrownBy(() -> client.simulationTime())
                    .isInstanceOf(TraciProtocolException.class)
                    .hasMessageContaining("read timeout (message length: 0 of 4 bytes arrived)");
                assertClosed(client);
            }
        });
    }

    @Test
    void peerHangingUpIsAProtocolError() throws Exception
    {
        assertTimeoutPreemptively(NO_HANG, () ->
        {
            try (FakeTraciServer server = new FakeTraciServer(hangUpAfter(new byte[0])))
            {
                final TraciClient client = server.connect();
                assertThatThrownBy(() -> client.simulationTime())
                    .isInstanceOf(TraciProtocolException.class)
                    .hasMessageContaining("SUMO closed the connection instead of answering");
                assertClosed(client);
            }
        });
    }

    @Test
    void badVersionAnswerFailsConnect() throws Exception
    {
        assertTimeoutPreemptively(NO_HANG, () ->
        {
            try (FakeTraciServer server = new FakeTraciServer(msg(ok(0x00), cmd(0x01, cat(i32(20), str("SUMO"))))))
            {
                assertThatThrownBy(server::connect)
                    .isInstanceOf(TraciProtocolException.class)
                    .hasMessageContaining("expected id 0x00, found 0x01");
                assertThat(server.awaitClientGone()).isTrue();
            }
        });
    }

    @Test
    void connectGivesUpWhenNobodyListens() throws Exception
    {
        final int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0))
        {
            port = probe.getLocalPort();
        }
        assertTimeoutPreemptively(NO_HANG, () ->
            assertThatThrownBy(() -> TraciClient.connect("127.0.0.1", port, 300))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("did not accept a connection within 300 ms"));
    }

    private static void assertClosed(final TraciClient client)
    {
        assertThat(client.isClosed()).isTrue();
        assertThatThrownBy(client::trafficLightIds)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("is closed");
        client.close();
    }
}
