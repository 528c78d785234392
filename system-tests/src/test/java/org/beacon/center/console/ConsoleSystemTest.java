package org.beacon.center.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.beacon.center.CenterStateMachine;
import org.beacon.center.ConsoleWiring;
import org.beacon.center.sim.SimulatedCity;
import org.beacon.codecs.Agency;
import org.beacon.codecs.AlertCommandDecoder;
import org.beacon.codecs.CallReceivedEncoder;
import org.beacon.codecs.FixSource;
import org.beacon.codecs.LocationMethod;
import org.beacon.codecs.LocationProblem;
import org.beacon.codecs.LocationQuality;
import org.beacon.codecs.LocationShape;
import org.beacon.codecs.MessageHeaderDecoder;
import org.beacon.codecs.MessageHeaderEncoder;
import org.beacon.codecs.OperatorCommandDecoder;
import org.beacon.codecs.SignalOperatorCommandDecoder;
import org.beacon.codecs.UnitStatusCode;
import org.beacon.console.ConsoleGateway;
import org.beacon.console.auth.Permissions;
import org.beacon.console.auth.Role;
import org.beacon.console.auth.UserStore;
import org.beacon.core.BeaconNode;
import org.beacon.dispatch.alert.cap.CapValidator;
import org.beacon.core.client.CoreClient;
import org.beacon.core.NodeContext;
import org.beacon.core.journal.JournalCursor;
import org.beacon.core.journal.JournalRecordDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console gateway against a real node with the center's state machine, over real HTTP and WebSocket
 * connections: log-in, roles, commands journaled with the operator's id, bad input, masking of personal data,
 * live updates and the auditor's questions.
 */
class ConsoleSystemTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLER = "+84901234567";
    private static final Map<Role, String> USERS = Map.of(Role.DISPATCHER, "disp", Role.TRAFFIC, "traf", Role.AUDITOR, "aud",
        Role.ADMIN, "adm");
    private static final Map<Role, Integer> OPERATORS = Map.of(Role.DISPATCHER, 101, Role.TRAFFIC, 201, Role.AUDITOR, 301,
        Role.ADMIN, 901);

    @TempDir
    static Path dir;

    private static BeaconNode node;
    private static ConsoleGateway console;
    private static CoreClient client;
    private static NodeContext ctx;
    private static HttpClient http;
    private static String base;
    private static long callTimeMs;

    @BeforeAll
    static void start() throws Exception
    {
        ctx = new NodeContext().dataDir(dir.resolve("data")).aeronDir(dir.resolve("aeron").toString())
            .stateMachineSupplier(CenterStateMachine::new);
        final Path users = dir.resolve("users");
        final UserStore store = new UserStore(users, SystemEpochClock.INSTANCE);
        for (final Role role : Role.values())
        {
            store.put(USERS.get(role), role, OPERATORS.get(role), password(role).toCharArray());
        }
        node = BeaconNode.launch(ctx);
        console = ConsoleGateway.launch(ConsoleWiring.context(ctx, null).bindAddress("127.0.0.1").port(0).usersFile(users));
        client = CoreClient.connect(ctx.coreAddress(), SimulatedCity.SOURCE_ID);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isConnected() && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        base = "http://127.0.0.1:" + console.port();
        // a fleet, then one call with a caller number at a known place
        final SimulatedCity city = new SimulatedCity(7, 30);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        long correlation = 0;
        for (int i = 0; i < city.unitCount(); i++)
        {
            offer(++correlation, buffer, city.encodeStatus(i, UnitStatusCode.AVAILABLE, buffer, 0));
        }
        Thread.sleep(300);
        callTimeMs = System.currentTimeMillis();
        offer(++correlation, buffer, encodeCall(buffer, 9001));
    }

    @AfterAll
    static void stop()
    {
        if (null != client)
        {
            client.close();
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

    private static String password(final Role role)
    {
        return "pw-of-" + role.json() + "-123";
    }

    private static void offer(final long correlation, final UnsafeBuffer buffer, final int length)
    {
        assertThat(client.offer(correlation, buffer, 0, length)).isPositive();
    }

    private static int encodeCall(final UnsafeBuffer buffer, final long callId)
    {
        final CallReceivedEncoder call = new CallReceivedEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .callId(callId)
            .agency(Agency.FIRE)
            .locationQuality(LocationQuality.USABLE)
            .locationMethod(LocationMethod.GNSS)
            .uncertaintyM(30)
            .confidencePct((short)95)
            .shape(LocationShape.CIRCLE)
            .locationProblem(LocationProblem.NONE)
            .fixSource(FixSource.SIP_PIDF_LO);
        call.location().latMicros(SimulatedCity.CENTER_LAT_MICROS).lonMicros(SimulatedCity.CENTER_LON_MICROS);
        call.caller(CALLER).sipCallId("c-" + callId).emergencyCallId("").locationReference("");
        return MessageHeaderEncoder.ENCODED_LENGTH + call.encodedLength();
    }

    /** A logged-in browser: its cookie and CSRF token. */
    private record Login(String cookie, String csrf, JsonNode answer)
    {
    }

    private static HttpResponse<String> post(final String path, final String body, final Login login) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (null != login)
        {
            request.header("Cookie", login.cookie()).header("X-Beacon-Csrf", login.csrf());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(final String path, final Login login) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (null != login)
        {
            request.header("Cookie", login.cookie());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Login login(final Role role) throws Exception
    {
        final HttpResponse<String> response = post("/api/login",
            "{\"user\":\"" + USERS.get(role) + "\",\"password\":\"" + password(role) + "\"}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        final JsonNode answer = JSON.readTree(response.body());
        final String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
        return new Login(cookie.split(";", 2)[0], answer.get("csrf").asText(), answer);
    }

    private static String error(final HttpResponse<String> response) throws Exception
    {
        return JSON.readTree(response.body()).get("error").asText();
    }

    @Test
    void logInChecksThePasswordAndGivesTheRolesPage() throws Exception
    {
        final HttpResponse<String> wrong = post("/api/login", "{\"user\":\"disp\",\"password\":\"nope-nope-nope\"}", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(error(wrong)).isEqualTo("wrong user or password");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

        final Login login = login(Role.TRAFFIC);
        assertThat(login.answer().get("role").asText()).isEqualTo("traffic");
        assertThat(login.answer().get("page").asText()).isEqualTo("/traffic.html");
        final JsonNode me = JSON.readTree(get("/api/me", login).body());
        assertThat(me.get("operatorId").asInt()).isEqualTo(201);
        assertThat(get("/api/me", null).statusCode()).isEqualTo(401);
        assertThat(get("/", login).statusCode()).isEqualTo(302);

        final HttpResponse<String> logout = post("/api/logout", "{}", login);
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(get("/api/me", login).statusCode()).isEqualTo(401);
    }

    @Test
    void noRoleCanCallAnotherRolesCommands() throws Exception
    {
        final long inputsBefore = countInputs(m -> true);
        for (final Role role : Role.values())
        {
            final Login login = login(role);
            for (final String type : Permissions.allCommands())
            {
                if (Permissions.mayCommand(role, type))
                {
                    continue;
                }
                final String body = type.startsWith("SIGNAL_") ?
                    "{\"type\":\"" + type + "\",\"intersection\":0,\"phase\":2,\"durationS\":30,\"confirmed\":true}" :
                    "{\"type\":\"" + type + "\",\"incidentId\":1,\"unitId\":1001,\"callId\":9001,\"targetIncidentId\":2," +
                    "\"agency\":\"POLICE\",\"lat\":10.7,\"lon\":106.7,\"uncertaintyM\":10,\"fixNumber\":1}";
                final HttpResponse<String> response = post("/api/command", body, login);
                assertThat(response.statusCode()).as(role + " " + type).isEqualTo(403);
                assertThat(error(response)).contains(role.json()).contains(type);
            }
        }
        final Login auditor = login(Role.AUDITOR);
        assertThat(get("/api/admin/users", auditor).statusCode()).isEqualTo(403);
        assertThat(get("/api/audit/range", login(Role.DISPATCHER)).statusCode()).isEqualTo(403);
        assertThat(get("/api/audit/range", login(Role.TRAFFIC)).statusCode()).isEqualTo(403);
        Thread.sleep(200);
        // nothing refused reached the journal (ticks aside)
        assertThat(countInputs(m -> m == OperatorCommandDecoder.TEMPLATE_ID || m == SignalOperatorCommandDecoder.TEMPLATE_ID ||
            m == AlertCommandDecoder.TEMPLATE_ID)).isLessThanOrEqualTo(inputsBefore);
    }

    @Test
    void commandsAreJournaledWithTheOperatorsId() throws Exception
    {
        final Login traffic = login(Role.TRAFFIC);
        final HttpResponse<String> hold = post("/api/command",
            "{\"type\":\"SIGNAL_HOLD\",\"intersection\":3,\"phase\":2,\"durationS\":45,\"confirmed\":true}", traffic);
        assertThat(hold.statusCode()).as(hold.body()).isEqualTo(200);
        final long sequence = JSON.readTree(hold.body()).get("sequence").asLong();
        final SignalOperatorCommandDecoder signal = new SignalOperatorCommandDecoder();
        assertThat(readInput(sequence, (buffer, offset) ->
        {
            signal.wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
            return signal.operatorId() + "/" + signal.commandType() + "/" + signal.intersectionIndex() + "/" + signal.phase() + "/" +
                signal.durationS();
        })).isEqualTo("201/HOLD/3/2/45");

        final Login dispatcher = login(Role.DISPATCHER);
        final HttpResponse<String> close = post("/api/command", "{\"type\":\"CLOSE_INCIDENT\",\"incidentId\":424242}", dispatcher);
        assertThat(close.statusCode()).isEqualTo(200);
        final OperatorCommandDecoder command = new OperatorCommandDecoder();
        assertThat(readInput(JSON.readTree(close.body()).get("sequence").asLong(), (buffer, offset) ->
        {
            command.wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
            return command.operatorId() + "/" + command.commandType() + "/" + command.incidentId();
        })).isEqualTo("101/CLOSE_INCIDENT/424242");
    }

    @Test
    void aCommandIsAnsweredWithTheStateMachinesDecisionAcceptedOrRefusedWithItsReason() throws Exception
    {
        final Login login = login(Role.DISPATCHER);
        final Socket dispatcher = Socket.open(login);
        final long incidentId;
        final long unitId;
        try
        {
            incidentId = dispatcher.entity("call:9001").get("incidentId").asLong();
            final JsonNode incident = dispatcher.await("a recommendation for incident " + incidentId, e ->
                ("incident:" + incidentId).equals(e.path("k").asText()) && e.path("recommendations").size() > 0);
            unitId = incident.get("recommendations").get(0).get("unitId").asLong();
        }
        finally
        {
            dispatcher.close();
        }
        final String dispatch = "{\"type\":\"DISPATCH\",\"incidentId\":" + incidentId + ",\"unitId\":" + unitId + "}";

        final JsonNode accepted = JSON.readTree(post("/api/command", dispatch, login).body());
        // the same unit again: it is DISPATCHED now, and the state machine says so to the one who clicked
        final HttpResponse<String> again = post("/api/command", dispatch, login);
        final JsonNode refused = JSON.readTree(again.body());

        assertThat(accepted.get("outcome").asText()).as(accepted.toString()).isEqualTo("accepted");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(refused.get("outcome").asText()).as(refused.toString()).isEqualTo("refused");
        assertThat(refused.get("reason").asText()).isEqualTo("UNIT_NOT_AVAILABLE");
        assertThat(refused.get("detail").asText()).isEqualTo("DISPATCH rejected: UNIT_NOT_AVAILABLE, incident " + incidentId +
            ", unit " + unitId);
        assertThat(refused.get("sequence").asLong()).isGreaterThan(accepted.get("sequence").asLong());

        // a signal command the signal service refuses is answered with its reason too
        final JsonNode unknownIntersection = JSON.readTree(post("/api/command",
            "{\"type\":\"SIGNAL_HOLD\",\"intersection\":999999,\"phase\":2,\"durationS\":45,\"confirmed\":true}",
            login(Role.TRAFFIC)).body());
        assertThat(unknownIntersection.get("outcome").asText()).as(unknownIntersection.toString()).isEqualTo("refused");
        assertThat(unknownIntersection.get("reason").asText()).isNotEmpty();
    }

    @Test
    void badInputGetsAClearErrorAndReachesNothing() throws Exception
    {
        final Login dispatcher = login(Role.DISPATCHER);
        final long before = countInputs(m -> m == OperatorCommandDecoder.TEMPLATE_ID);
        final List<String[]> cases = List.of(
            new String[] {"{not json", "400", "not valid JSON"},
            new String[] {"[1,2]", "400", "JSON object"},
            new String[] {"{\"type\":\"LAUNCH_MISSILES\"}", "400", "unknown command type LAUNCH_MISSILES"},
            new String[] {"{\"type\":\"DISPATCH\",\"incidentId\":5}", "400", "\"unitId\" must be a positive integer"},
            new String[] {"{\"type\":\"DISPATCH\",\"incidentId\":-5,\"unitId\":1}", "400", "\"incidentId\" must be a positive integer"},
            new String[] {"{\"type\":\"CONFIRM_LOCATION\",\"callId\":9001,\"lat\":91,\"lon\":106,\"uncertaintyM\":5}", "400",
                "\"lat\" must be a number from -90 to 90"},
            new String[] {"{\"type\":\"MERGE_INCIDENTS\",\"incidentId\":4,\"targetIncidentId\":4}", "400", "into itself"},
            new String[] {"{\"type\":\"ADD_AGENCY\",\"incidentId\":4,\"agency\":\"NAVY\"}", "400", "agency must be"});
        for (final String[] c : cases)
        {
            final HttpResponse<String> response = post("/api/command", c[0], dispatcher);
            assertThat(response.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            assertThat(error(response)).as(c[0]).contains(c[2]);
        }
        final Login traffic = login(Role.TRAFFIC);
        final HttpResponse<String> unconfirmed = post("/api/command", "{\"type\":\"SIGNAL_FLASH\",\"intersection\":1,\"durationS\":60}",
            traffic);
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(error(unconfirmed)).contains("confirmation");
        final HttpResponse<String> badPhase = post("/api/command",
            "{\"type\":\"SIGNAL_HOLD\",\"intersection\":1,\"phase\":9,\"durationS\":60,\"confirmed\":true}", traffic);
        assertThat(error(badPhase)).contains("\"phase\" must be a number from 1 to 8");

        final HttpResponse<String> noCsrf = http.send(HttpRequest.newBuilder(URI.create(base + "/api/command"))
            .header("Content-Type", "application/json").header("Cookie", dispatcher.cookie())
            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"CLOSE_INCIDENT\",\"incidentId\":1}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        final HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(URI.create(base + "/api/command"))
            .header("Content-Type", "text/plain").header("Cookie", dispatcher.cookie()).header("X-Beacon-Csrf", dispatcher.csrf())
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        final HttpResponse<String> huge = post("/api/command", "{\"type\":\"" + "X".repeat(70_000) + "\"}", dispatcher);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(error(huge)).isEqualTo("the request body is over the limit of 64 KiB");
        assertThat(get("/api/nothing", dispatcher).statusCode()).isEqualTo(404);
        assertThat(get("/api/command", dispatcher).statusCode()).isEqualTo(405);
        assertThat(get("/../../etc/passwd", null).statusCode()).isEqualTo(404);
        Thread.sleep(200);
        assertThat(countInputs(m -> m == OperatorCommandDecoder.TEMPLATE_ID)).isEqualTo(before);
        // the gateway still answers after all that
        assertThat(get("/api/me", dispatcher).statusCode()).isEqualTo(200);
    }

    @Test
    void consolesGetTheModelLiveWithPersonalDataMaskedByRole() throws Exception
    {
        final Login dispatcherLogin = login(Role.DISPATCHER);
        // a page of another site cannot ride on the dispatcher's cookie; the console's own page can
        assertThatThrownBy(() -> Socket.open(dispatcherLogin, "http://evil.example"))
            .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
        final Socket dispatcher = Socket.open(dispatcherLogin, base);
        final Socket traffic = Socket.open(login(Role.TRAFFIC));
        final Socket auditor = Socket.open(login(Role.AUDITOR));
        try
        {
            for (final Socket socket : List.of(dispatcher, traffic, auditor))
            {
                assertThat(socket.next(m -> "hello".equals(m.get("t").asText())).get("operatorId").asInt()).isPositive();
            }
            final JsonNode call = dispatcher.entity("call:9001");
            assertThat(call.get("caller").asText()).isEqualTo(CALLER);
            assertThat(auditor.entity("call:9001").get("caller").asText()).isEqualTo(CALLER);
            assertThat(traffic.entity("call:9001").get("caller").asText()).isEqualTo("+8490*****67");
            final long incidentId = call.get("incidentId").asLong();
            final JsonNode incident = dispatcher.entity("incident:" + incidentId);
            assertThat(incident.get("agency").asText()).isEqualTo("FIRE");
            assertThat(dispatcher.entity("intersection:0").get("kind").asText()).isEqualTo("intersection");

            // a second call nearby from the same number is an update pushed live
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
            offer(System.nanoTime(), buffer, encodeCall(buffer, 9002));
            final JsonNode update = dispatcher.next(m -> "upd".equals(m.get("t").asText()) && contains(m, "call:9002"));
            assertThat(update.get("tsNs").asLong()).isPositive();
            assertThat(update.get("oldestTsNs").asLong()).isLessThanOrEqualTo(update.get("tsNs").asLong());
            assertThat(traffic.entity("call:9002").get("caller").asText()).isEqualTo("+8490*****67");
        }
        finally
        {
            dispatcher.close();
            traffic.close();
            auditor.close();
        }
    }

    @Test
    void auditorSeesTheStateAsOfAMomentAndTheIncidentsTimeline() throws Exception
    {
        final Login auditor = login(Role.AUDITOR);
        final JsonNode range = JSON.readTree(get("/api/audit/range", auditor).body());
        assertThat(range.get("inputs").asLong()).isPositive();
        final long firstMs = range.get("firstMs").asLong();
        assertThat(firstMs).isLessThanOrEqualTo(callTimeMs);

        final HttpResponse<String> beforeResponse = get("/api/audit/state?atMs=" + (callTimeMs - 100), auditor);
        assertThat(beforeResponse.statusCode()).as(beforeResponse.body()).isEqualTo(200);
        final JsonNode before = JSON.readTree(beforeResponse.body());
        assertThat(keys(before)).noneMatch(k -> k.startsWith("incident:")).anyMatch(k -> k.startsWith("unit:"));
        final HttpResponse<String> afterResponse = get("/api/audit/state?atMs=" + (System.currentTimeMillis() + 1000), auditor);
        assertThat(afterResponse.statusCode()).as(afterResponse.body()).isEqualTo(200);
        final JsonNode after = JSON.readTree(afterResponse.body());
        assertThat(keys(after)).contains("call:9001");
        final long incidentId = entity(after, "call:9001").get("incidentId").asLong();
        assertThat(keys(after)).contains("incident:" + incidentId);
        // and back again: the fold starts over
        final JsonNode again = JSON.readTree(get("/api/audit/state?atMs=" + (callTimeMs - 100), auditor).body());
        assertThat(keys(again)).noneMatch(k -> k.startsWith("incident:"));

        final JsonNode marks = JSON.readTree(get("/api/audit/marks", auditor).body()).get("marks");
        assertThat(marks).anySatisfy(m -> assertThat(m.get("id").asLong()).isEqualTo(incidentId));
        final JsonNode timeline = JSON.readTree(get("/api/audit/timeline?incidentId=" + incidentId, auditor).body());
        assertThat(timeline.get("entries")).isNotEmpty();
        assertThat(get("/api/audit/state?atMs=soon", auditor).statusCode()).isEqualTo(400);
        // with the auditor's verifier on the classpath (replay, as ./beacon node runs) the console replays the journals
        final HttpResponse<String> verify = post("/api/audit/verify", "{}", auditor);
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
        assertThat(verify.body()).contains("\"identical\":true");
    }

    @Test
    void dispatcherClassifiesEditsAndApprovesAnAreaAlertAndTheCapMessageIsValid() throws Exception
    {
        final Login dispatcher = login(Role.DISPATCHER);
        final Socket socket = Socket.open(dispatcher);
        try
        {
            final long incidentId = socket.entity("call:9001").get("incidentId").asLong();
            final HttpResponse<String> classify = post("/api/command",
                "{\"type\":\"ALERT_CLASSIFY\",\"incidentId\":" + incidentId + ",\"hazard\":\"FIRE\"}", dispatcher);
            assertThat(classify.statusCode()).as(classify.body()).isEqualTo(200);
            final long classifySequence = JSON.readTree(classify.body()).get("sequence").asLong();
            final AlertCommandDecoder alertCommand = new AlertCommandDecoder();
            assertThat(readInput(classifySequence, (buffer, offset) ->
            {
                alertCommand.wrapAndApplyHeader(buffer, offset, new MessageHeaderDecoder());
                return alertCommand.operatorId() + "/" + alertCommand.action() + "/" + alertCommand.incidentId() + "/" + alertCommand.hazard();
            })).isEqualTo("101/CLASSIFY/" + incidentId + "/FIRE");

            // the proposal shows in the live model
            final JsonNode proposed = socket.await("a proposal for incident " + incidentId, e -> "alert".equals(e.path("kind").asText()) &&
                e.path("incidentId").asLong() == incidentId && e.hasNonNull("pending") && "PROPOSED".equals(e.path("state").asText()));
            final long alertId = proposed.get("id").asLong();
            assertThat(alertId).isEqualTo(classifySequence);
            assertThat(proposed.get("hazard").asText()).isEqualTo("FIRE");
            assertThat(socket.await("incident hazard", e -> ("incident:" + incidentId).equals(e.path("k").asText()) &&
                "FIRE".equals(e.path("hazard").asText())).get("alerts").toString()).contains(Long.toString(alertId));
            final int revision = proposed.get("pending").get("revision").asInt();
            final long inner = proposed.get("pending").get("innerRadiusM").asLong() + 150;

            // edited: a new revision
            final HttpResponse<String> edit = post("/api/command", "{\"type\":\"ALERT_EDIT\",\"alertId\":" + alertId + ",\"revision\":" +
                revision + ",\"innerRadiusM\":" + inner + "}", dispatcher);
            assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);
            final JsonNode edited = socket.await("revision " + (revision + 1), e -> ("alert:" + alertId).equals(e.path("k").asText()) &&
                e.path("pending").path("revision").asInt() == revision + 1);
            assertThat(edited.get("pending").get("innerRadiusM").asLong()).isEqualTo(inner);
            assertThat(edited.get("pending").get("reason").asText()).isEqualTo("EDITED");

            // approving the revision it no longer is: refused, shown as a notice
            assertThat(post("/api/command", "{\"type\":\"ALERT_APPROVE\",\"alertId\":" + alertId + ",\"revision\":" + revision + "}",
                dispatcher).statusCode()).isEqualTo(200);
            socket.await("the stale approval's notice", e -> "notice".equals(e.path("kind").asText()) &&
                e.path("text").asText().contains("STALE_REVISION") && e.path("text").asText().contains("alert " + alertId));

            // approved: out, with its identifier and the area edited
            final HttpResponse<String> approve = post("/api/command", "{\"type\":\"ALERT_APPROVE\",\"alertId\":" + alertId +
                ",\"revision\":" + (revision + 1) + "}", dispatcher);
            assertThat(approve.statusCode()).as(approve.body()).isEqualTo(200);
            final JsonNode active = socket.await("the alert out", e -> ("alert:" + alertId).equals(e.path("k").asText()) &&
                "ACTIVE".equals(e.path("state").asText()) && e.path("issued").size() > 0);
            assertThat(active.get("pending").isNull()).isTrue();
            assertThat(active.get("approvedBy").asInt()).isEqualTo(101);
            assertThat(active.get("current").get("innerRadiusM").asLong()).isEqualTo(inner);
            final JsonNode issued = active.get("issued").get(active.get("issued").size() - 1);
            assertThat(issued.get("msgType").asText()).isEqualTo("ALERT");
            final String identifier = active.get("identifier").asText();
            assertThat(identifier).isNotBlank().isEqualTo(issued.get("identifier").asText());
            assertThat(active.toString()).doesNotContain("<alert");

            // the CAP message: XML the project's validator accepts, for the dispatcher and the auditor only
            final HttpResponse<String> cap = get("/api/alerts/" + alertId + "/cap", dispatcher);
            assertThat(cap.statusCode()).isEqualTo(200);
            assertThat(cap.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/xml; charset=utf-8");
            assertThat(cap.body()).contains(identifier).contains("<msgType>Alert</msgType>");
            assertThat(CapValidator.validate(cap.body())).isEmpty();
            assertThat(get("/api/alerts/" + alertId + "/cap", login(Role.AUDITOR)).body()).isEqualTo(cap.body());
            assertThat(get("/api/alerts/" + alertId + "/cap", login(Role.TRAFFIC)).statusCode()).isEqualTo(403);
            assertThat(get("/api/alerts/" + alertId + "/cap", null).statusCode()).isEqualTo(401);
            assertThat(get("/api/alerts/12x/cap", dispatcher).statusCode()).isEqualTo(400);
            assertThat(get("/api/alerts/999999999/cap", dispatcher).statusCode()).isEqualTo(404);

            // the auditor's timeline of the incident tells the alert's life
            final JsonNode timeline = JSON.readTree(get("/api/audit/timeline?incidentId=" + incidentId, login(Role.AUDITOR)).body());
            final List<String> texts = new ArrayList<>();
            timeline.get("entries").forEach(e -> texts.add(e.get("text").asText()));
            assertThat(texts).anyMatch(t -> t.startsWith("area alert " + alertId + " proposed: FIRE"))
                .anyMatch(t -> t.startsWith("area alert " + alertId + " revision " + (revision + 1) + " (EDITED)"))
                .anyMatch(t -> t.startsWith("area alert " + alertId + " issued: CAP ALERT " + identifier))
                .anyMatch(t -> t.startsWith("operator 101: ALERT_APPROVE alert " + alertId));
        }
        finally
        {
            socket.close();
        }
    }

    @Test
    void onlyADispatcherMayDecideAnAlertAndBadAlertJsonIsRefusedWithItsReason() throws Exception
    {
        final long before = countInputs(m -> m == AlertCommandDecoder.TEMPLATE_ID);
        final HttpResponse<String> traffic = post("/api/command", "{\"type\":\"ALERT_APPROVE\",\"alertId\":5,\"revision\":1}",
            login(Role.TRAFFIC));
        assertThat(traffic.statusCode()).isEqualTo(403);
        assertThat(error(traffic)).isEqualTo("the traffic role may not ALERT_APPROVE");
        assertThat(post("/api/command", "{\"type\":\"ALERT_CANCEL\",\"alertId\":5}", login(Role.AUDITOR)).statusCode()).isEqualTo(403);

        final Login dispatcher = login(Role.DISPATCHER);
        final List<String[]> cases = List.of(
            new String[] {"{\"type\":\"ALERT_CLASSIFY\",\"incidentId\":1,\"hazard\":\"TSUNAMI\"}", "\"hazard\" must be one of FIRE"},
            new String[] {"{\"type\":\"ALERT_PROPOSE\",\"incidentId\":1,\"hazard\":\"FIRE\",\"innerRadiusM\":5}",
                "\"innerRadiusM\" must be a whole number of metres from 10 to 20000"},
            new String[] {"{\"type\":\"ALERT_PROPOSE\",\"incidentId\":1,\"hazard\":\"FIRE\",\"polygon\":[[10.7,106.7],[10.8,106.7]]}",
                "\"polygon\" must have 3 to 64 corners, not 2"},
            new String[] {"{\"type\":\"ALERT_EDIT\",\"alertId\":5,\"revision\":0,\"ringM\":100}", "\"revision\" must be"},
            new String[] {"{\"type\":\"ALERT_APPROVE\",\"alertId\":\"5\",\"revision\":1}", "\"alertId\" must be a positive integer"},
            new String[] {"{\"type\":\"ALERT_NOW\",\"alertId\":5}", "unknown command type ALERT_NOW"});
        for (final String[] c : cases)
        {
            final HttpResponse<String> response = post("/api/command", c[0], dispatcher);
            assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(error(response)).as(c[0]).contains(c[1]);
        }
        Thread.sleep(200);
        assertThat(countInputs(m -> m == AlertCommandDecoder.TEMPLATE_ID)).isEqualTo(before);
    }

    @Test
    void adminManagesAccountsAndADisabledUserIsLoggedOut() throws Exception
    {
        final Login admin = login(Role.ADMIN);
        assertThat(post("/api/admin/users", "{\"user\":\"newbie\",\"role\":\"dispatcher\",\"operatorId\":177,\"password\":\"short\"}",
            admin).statusCode()).isEqualTo(400);
        final HttpResponse<String> added = post("/api/admin/users",
            "{\"user\":\"newbie\",\"role\":\"dispatcher\",\"operatorId\":177,\"password\":\"long-enough-pw\"}", admin);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        final HttpResponse<String> login = post("/api/login", "{\"user\":\"newbie\",\"password\":\"long-enough-pw\"}", null);
        assertThat(login.statusCode()).isEqualTo(200);
        final String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        final Login newbie = new Login(cookie, JSON.readTree(login.body()).get("csrf").asText(), null);
        assertThat(get("/api/me", newbie).statusCode()).isEqualTo(200);
        assertThat(post("/api/admin/users", "{\"user\":\"newbie\",\"enabled\":false}", admin).statusCode()).isEqualTo(200);
        assertThat(get("/api/me", newbie).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(get("/api/admin/users", admin).body()).get("users"))
            .anySatisfy(u -> assertThat(u.get("user").asText() + u.get("enabled").asBoolean()).isEqualTo("newbiefalse"));
        // the only admin can neither disable nor demote itself: nobody could manage the accounts any more
        final HttpResponse<String> lastAdmin = post("/api/admin/users", "{\"user\":\"adm\",\"enabled\":false}", admin);
        assertThat(lastAdmin.statusCode()).isEqualTo(409);
        assertThat(error(lastAdmin)).contains("last enabled admin");
        assertThat(post("/api/admin/users", "{\"user\":\"adm\",\"role\":\"auditor\",\"operatorId\":901,\"password\":\"" +
            password(Role.ADMIN) + "\"}", admin).statusCode()).isEqualTo(409);
        assertThat(get("/api/me", admin).statusCode()).isEqualTo(200);
    }

    @Test
    void pagesAndLeafletComeFromTheServerItself() throws Exception
    {
        assertThat(get("/", null).body()).contains("<html");
        assertThat(get("/vendor/leaflet/leaflet.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/vendor/leaflet/leaflet.css", null).statusCode()).isEqualTo(200);
        assertThat(get("/dispatcher.html", null).statusCode()).isEqualTo(302);
        final JsonNode map = JSON.readTree(get("/api/map", login(Role.DISPATCHER)).body());
        assertThat(map.get("roads").size()).isGreaterThan(100);
        assertThat(map.get("intersections").size()).isEqualTo(100);
        for (final String page : List.of("login.html", "dispatcher.html", "traffic.html", "audit.html", "admin.html"))
        {
            assertThat(Files.exists(Path.of("../console/src/main/resources/web", page))).as(page).isTrue();
            assertThat(get("/" + page, login(Role.ADMIN)).body()).as(page).doesNotContain("http://").doesNotContain("https://");
        }
    }

    private static boolean contains(final JsonNode message, final String key)
    {
        for (final JsonNode e : message.get("entities"))
        {
            if (key.equals(e.get("k").asText()))
            {
                return true;
            }
        }
        return false;
    }

    private static List<String> keys(final JsonNode state)
    {
        final List<String> keys = new ArrayList<>();
        state.get("entities").forEach(e -> keys.add(e.get("k").asText()));
        return keys;
    }

    private static JsonNode entity(final JsonNode state, final String key)
    {
        for (final JsonNode e : state.get("entities"))
        {
            if (key.equals(e.get("k").asText()))
            {
                return e;
            }
        }
        throw new AssertionError("no " + key);
    }

    /** Reads one input from the node's journal on disk. */
    private static String readInput(final long sequence, final java.util.function.BiFunction<org.agrona.DirectBuffer, Integer, String> f)
    {
        try (JournalCursor cursor = JournalCursor.open(ctx.inputJournalDir(), JournalRecordDescriptor.TYPE_INPUT))
        {
            while (cursor.next() == JournalCursor.RECORD)
            {
                if (cursor.sequence() == sequence)
                {
                    return f.apply(cursor.buffer(), cursor.payloadOffset());
                }
            }
        }
        throw new AssertionError("input " + sequence + " is not in the journal");
    }

    private static long countInputs(final java.util.function.IntPredicate template)
    {
        long n = 0;
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        try (JournalCursor cursor = JournalCursor.open(ctx.inputJournalDir(), JournalRecordDescriptor.TYPE_INPUT))
        {
            while (cursor.next() == JournalCursor.RECORD)
            {
                header.wrap(cursor.buffer(), cursor.payloadOffset());
                if (template.test(header.templateId()))
                {
                    n++;
                }
            }
        }
        return n;
    }

    /** A console's WebSocket: keeps the model it was sent and every message. */
    private static final class Socket implements WebSocket.Listener
    {
        private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final Map<String, JsonNode> model = new java.util.concurrent.ConcurrentHashMap<>();
        private final StringBuilder text = new StringBuilder();
        private WebSocket socket;

        static Socket open(final Login login) throws Exception
        {
            return open(login, null);
        }

        /** Opens with the {@code Origin} a browser sends (its page's), or none when null. */
        static Socket open(final Login login, final String origin) throws Exception
        {
            final Socket s = new Socket();
            final WebSocket.Builder builder = http.newWebSocketBuilder().header("Cookie", login.cookie());
            if (null != origin)
            {
                builder.header("Origin", origin);
            }
            s.socket = builder.buildAsync(URI.create(base.replace("http", "ws") + "/ws"), s).get(10, TimeUnit.SECONDS);
            return s;
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            text.append(data);
            if (last)
            {
                try
                {
                    final JsonNode message = JSON.readTree(text.toString());
                    if (message.has("entities"))
                    {
                        if ("snapshot".equals(message.get("t").asText()))
                        {
                            model.clear();
                        }
                        message.get("entities").forEach(e -> model.put(e.get("k").asText(), e));
                    }
                    if (message.has("removed"))
                    {
                        message.get("removed").forEach(k -> model.remove(k.asText()));
                    }
                    messages.add(message);
                }
                catch (final java.io.IOException ex)
                {
                    throw new java.io.UncheckedIOException(ex);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }

        JsonNode next(final Predicate<JsonNode> match) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline)
            {
                final JsonNode m = messages.poll(100, TimeUnit.MILLISECONDS);
                if (null != m && match.test(m))
                {
                    return m;
                }
            }
            throw new AssertionError("no such message within 10 s");
        }

        /** Waits until an entity of the model the console holds matches, and answers it. */
        JsonNode await(final String what, final Predicate<JsonNode> match) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline)
            {
                for (final JsonNode e : model.values())
                {
                    if (match.test(e))
                    {
                        return e;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the console never got " + what);
        }

        JsonNode entity(final String key) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline)
            {
                final JsonNode e = model.get(key);
                if (null != e)
                {
                    return e;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the console never got " + key + "; it holds " + model.keySet().size() + " entities");
        }

        void close()
        {
            socket.abort();
        }
    }
}
