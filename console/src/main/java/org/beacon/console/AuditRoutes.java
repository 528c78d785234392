package org.beacon.console;

import static org.beacon.console.HttpIo.error;
import static org.beacon.console.HttpIo.json;
import static org.beacon.console.HttpIo.longParam;
import static org.beacon.console.HttpIo.offload;
import static org.beacon.console.HttpIo.ok;
import static org.beacon.console.HttpIo.requireMethod;
import static org.beacon.console.HttpIo.send;
import static org.beacon.console.HttpIo.text;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.beacon.console.auth.Role;

/**
 * The auditor's questions: the journals' range, the state at an instant, the incident marks, an incident's
 * timeline, and the verification of the journals.
 */
final class AuditRoutes
{
    private final HttpApiHandler.Services services;

    AuditRoutes(final HttpApiHandler.Services services)
    {
        this.services = services;
    }

    void handle(final ChannelHandlerContext ctx, final FullHttpRequest request, final String path, final QueryStringDecoder uri,
        final Role role)
    {
        final AuditService audit = services.audit();
        switch (path)
        {
            case "/api/audit/range" ->
            {
                requireMethod(request.method(), HttpMethod.GET);
                final ConsoleFeed feed = services.feed();
                final ObjectNode answer = ok();
                answer.put("firstMs", feed.firstTimestampNs() / 1_000_000)
                    .put("lastMs", feed.lastTimestampNs() / 1_000_000)
                    .put("inputs", feed.inputs())
                    .put("outputs", feed.outputs());
                send(ctx, request, json(HttpResponseStatus.OK, answer));
            }
            case "/api/audit/state" ->
            {
                requireMethod(request.method(), HttpMethod.GET);
                final long atMs = longParam(uri, "atMs");
                // one thread for the kept fold: Chronicle's tailers may not move between threads
                offload(ctx, request.retain(), services.auditWorker(), () ->
                {
                    final AuditService.StateAt state = audit.stateAt(atMs * 1_000_000 + 999_999, role);
                    // the snapshot JSON is already text: splice it in rather than parse it again
                    final String body = "{\"ok\":true,\"atMs\":" + atMs + ",\"seq\":" + state.seq() + "," +
                        state.snapshotJson().substring(state.snapshotJson().indexOf("\"entities\""));
                    return text(HttpResponseStatus.OK, body);
                });
            }
            case "/api/audit/marks" ->
            {
                requireMethod(request.method(), HttpMethod.GET);
                offload(ctx, request.retain(), services.workers(), () ->
                {
                    final ObjectNode answer = ok();
                    final ArrayNode marks = answer.putArray("marks");
                    for (final AuditService.Mark mark : audit.marks())
                    {
                        marks.addObject().put("atMs", mark.atMs()).put("kind", mark.kind()).put("id", mark.id()).put("text", mark.text());
                    }
                    return json(HttpResponseStatus.OK, answer);
                });
            }
            case "/api/audit/timeline" ->
            {
                requireMethod(request.method(), HttpMethod.GET);
                final long incidentId = longParam(uri, "incidentId");
                offload(ctx, request.retain(), services.workers(), () ->
                {
                    final ObjectNode answer = ok().put("incidentId", incidentId);
                    final ArrayNode entries = answer.putArray("entries");
                    for (final AuditService.Entry e : audit.timeline(incidentId))
                    {
                        entries.addObject().put("seq", e.seq()).put("atMs", e.atMs()).put("kind", e.kind()).put("text", e.text());
                    }
                    return json(HttpResponseStatus.OK, answer);
                });
            }
            default ->
            {
                requireMethod(request.method(), HttpMethod.POST);
                final JournalVerifier verifier = services.verifier();
                if (null == verifier)
                {
                    send(ctx, request, error(HttpResponseStatus.NOT_IMPLEMENTED,
                        "this deployment has no journal verifier; run ./beacon replay verify DIR"));
                    return;
                }
                offload(ctx, request.retain(), services.workers(), () ->
                {
                    final JournalVerifier.Outcome outcome = verifier.verify(services.ctx().nodeContext().dataDir());
                    final ObjectNode answer = ok();
                    answer.put("identical", outcome.identical())
                        .put("inputs", outcome.inputs())
                        .put("outputs", outcome.outputs())
                        .put("summary", outcome.summary())
                        .put("problem", outcome.problem());
                    return json(HttpResponseStatus.OK, answer);
                });
            }
        }
    }
}
