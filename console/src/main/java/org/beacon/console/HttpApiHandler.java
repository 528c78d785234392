package org.beacon.console;

import static org.beacon.console.HttpIo.body;
import static org.beacon.console.HttpIo.error;
import static org.beacon.console.HttpIo.json;
import static org.beacon.console.HttpIo.offload;
import static org.beacon.console.HttpIo.ok;
import static org.beacon.console.HttpIo.requireMethod;
import static org.beacon.console.HttpIo.send;
import static org.beacon.console.HttpIo.session;
import static org.beacon.console.HttpIo.textField;
import static org.beacon.console.HttpIo.write;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.util.AttributeKey;
import org.beacon.console.auth.LoginThrottle;
import org.beacon.console.auth.Permissions;
import org.beacon.console.auth.Role;
import org.beacon.console.auth.Sessions;
import org.beacon.console.auth.UserStore;

/**
 * Every HTTP request of the console: the pages and their files, log-in and log-out, commands, the
 * auditor's questions and account administration. WebSocket upgrades on {@code /ws} pass on to the
 * WebSocket handlers once the session is checked. Work that blocks (password hashing, journal folds,
 * verification) runs on the worker threads, never on the event loop; a command is answered once the core's
 * Ack has arrived and the console's feed has folded the state machine's decision about it ({@link CommandOutcomes}).
 */
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    /** The session of a WebSocket channel, set before the upgrade. */
    static final AttributeKey<Sessions.Session> SESSION = AttributeKey.valueOf("beacon.session");

    static final String COOKIE = "beacon_session";
    private static final String CSRF_HEADER = "X-Beacon-Csrf";
    /** How long a command's answer waits for the state machine's decision after its Ack. */
    static final long OUTCOME_WAIT_MS = 3_000;

    /** What the handler needs; one instance shared by every channel. */
    record Services(UserStore users, Sessions sessions, CoreLink coreLink, ConsoleFeed feed, AuditService audit,
        JournalVerifier verifier, ExecutorService workers, ExecutorService auditWorker, ConsoleContext ctx, boolean tls)
    {
    }

    private final Services services;
    private final DocumentRoutes documents;
    private final AuditRoutes audit;
    private final AdminRoutes admin;

    HttpApiHandler(final Services services)
    {
        super(false);
        this.services = services;
        this.documents = new DocumentRoutes(services);
        this.audit = new AuditRoutes(services);
        this.admin = new AdminRoutes(services);
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        boolean passedOn = false;
        try
        {
            if (!request.decoderResult().isSuccess())
            {
                send(ctx, request, error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"));
                return;
            }
            final QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            final String path = uri.path();
            if ("/ws".equals(path))
            {
                final String origin = request.headers().get(HttpHeaderNames.ORIGIN);
                if (!Origins.allowed(origin, request.headers().get(HttpHeaderNames.HOST), services.tls(),
                    services.ctx().normalizedOrigins()))
                {
                    send(ctx, request, error(HttpResponseStatus.FORBIDDEN, "a page from origin '" + origin +
                        "' may not open the console's WebSocket; only the console's own pages and the configured origins may"));
                    return;
                }
                final Optional<Sessions.Session> session = session(services.sessions(), request);
                if (session.isEmpty())
                {
                    send(ctx, request, error(HttpResponseStatus.UNAUTHORIZED, "log in first"));
                    return;
                }
                ctx.channel().attr(SESSION).set(session.get());
                passedOn = true;
                ctx.fireChannelRead(request);
                return;
            }
            if (path.startsWith("/api/"))
            {
                api(ctx, request, path, uri);
            }
            else
            {
                documents.staticFile(ctx, request, path);
            }
        }
        catch (final HttpIo.ApiError ex)
        {
            send(ctx, request, error(ex.status, ex.getMessage()));
        }
        catch (final RuntimeException ex)
        {
            send(ctx, request, error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "server error: " + ex.getMessage()));
        }
        finally
        {
            if (!passedOn)
            {
                request.release();
            }
        }
    }

    private void api(final ChannelHandlerContext ctx, final FullHttpRequest request, final String path, final QueryStringDecoder uri)
    {
        final HttpMethod method = request.method();
        if ("/api/login".equals(path))
        {
            requireMethod(method, HttpMethod.POST);
            login(ctx, request);
            return;
        }
        final Optional<Sessions.Session> found = session(services.sessions(), request);
        if (found.isEmpty())
        {
            send(ctx, request, error(HttpResponseStatus.UNAUTHORIZED, "not logged in, or the session has expired"));
            return;
        }
        final Sessions.Session session = found.get();
        if (HttpMethod.POST.equals(method) && !Sessions.csrfMatches(session, request.headers().get(CSRF_HEADER)))
        {
            send(ctx, request, error(HttpResponseStatus.FORBIDDEN, "missing or wrong " + CSRF_HEADER + " header"));
            return;
        }
        route(ctx, request, path, uri, session);
    }

    /** An endpoint behind the log-in (the session and its CSRF token are checked). */
    private void route(
        final ChannelHandlerContext ctx,
        final FullHttpRequest request,
        final String path,
        final QueryStringDecoder uri,
        final Sessions.Session session)
    {
        final HttpMethod method = request.method();
        final Role role = session.user().role();
        switch (path)
        {
            case "/api/logout" ->
            {
                requireMethod(method, HttpMethod.POST);
                services.sessions().remove(session.token());
                final FullHttpResponse response = json(HttpResponseStatus.OK, ok());
                response.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie("", 0)));
                send(ctx, request, response);
            }
            case "/api/me" ->
            {
                requireMethod(method, HttpMethod.GET);
                final ObjectNode me = ok();
                me.put("user", session.user().name())
                    .put("role", role.json())
                    .put("operatorId", session.user().operatorId())
                    .put("csrf", session.csrf())
                    .put("page", role.page())
                    .put("idleTimeoutS", services.ctx().idleTimeoutMs() / 1000);
                send(ctx, request, json(HttpResponseStatus.OK, me));
            }
            case "/api/map" ->
            {
                requireMethod(method, HttpMethod.GET);
                final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(services.ctx().mapJson()));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                response.headers().set(HttpHeaderNames.CACHE_CONTROL, "private, max-age=3600");
                send(ctx, request, response);
            }
            case "/api/command" ->
            {
                requireMethod(method, HttpMethod.POST);
                command(ctx, request, session);
            }
            case "/api/audit/range", "/api/audit/state", "/api/audit/marks", "/api/audit/timeline", "/api/audit/verify" ->
            {
                if (!Permissions.mayAudit(role))
                {
                    send(ctx, request, error(HttpResponseStatus.FORBIDDEN, "the " + role.json() + " role may not use the audit view"));
                    return;
                }
                audit.handle(ctx, request, path, uri, role);
            }
            case "/api/admin/users" ->
            {
                if (!Permissions.mayAdminister(role))
                {
                    send(ctx, request, error(HttpResponseStatus.FORBIDDEN, "only an admin may manage accounts"));
                    return;
                }
                admin.handle(ctx, request);
            }
            default ->
            {
                if (path.startsWith("/api/crops/"))
                {
                    requireMethod(method, HttpMethod.GET);
                    documents.crop(ctx, request, path.substring("/api/crops/".length()), role);
                    return;
                }
                if (path.startsWith("/api/alerts/") && path.endsWith("/cap"))
                {
                    requireMethod(method, HttpMethod.GET);
                    documents.cap(ctx, request, path.substring("/api/alerts/".length(), path.length() - "/cap".length()), role);
                    return;
                }
                send(ctx, request, error(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + path));
            }
        }
    }

    private void login(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final JsonNode body = body(request);
        final String user = textField(body, "user");
        final String password = textField(body, "password");
        final String source = LoginThrottle.source(ctx.channel().remoteAddress() instanceof InetSocketAddress peer ?
            peer.getAddress() : null);
        final FullHttpRequest retained = request.retain();
        offload(ctx, retained, services.workers(), () ->
        {
            final char[] chars = password.toCharArray();
            final UserStore.LoginResult result = services.users().logIn(source, user, chars);
            Arrays.fill(chars, '\0');
            if (result.throttled())
            {
                final long retryAfterS = (result.retryAfterMs() + 999) / 1000;
                final FullHttpResponse refused = json(HttpResponseStatus.TOO_MANY_REQUESTS, HttpIo.failure(
                    "too many failed log-ins from this address; try again in " + retryAfterS + " s").put("retryAfterS", retryAfterS));
                refused.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterS);
                return refused;
            }
            if (!result.succeeded())
            {
                return error(HttpResponseStatus.UNAUTHORIZED, "wrong user or password");
            }
            final Sessions.Session session = services.sessions().create(result.user());
            final ObjectNode answer = ok();
            answer.put("user", session.user().name())
                .put("role", session.user().role().json())
                .put("operatorId", session.user().operatorId())
                .put("csrf", session.csrf())
                .put("page", session.user().role().page());
            final FullHttpResponse response = json(HttpResponseStatus.OK, answer);
            response.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.STRICT.encode(cookie(session.token(), -1)));
            return response;
        });
    }

    private Cookie cookie(final String value, final long maxAge)
    {
        final DefaultCookie cookie = new DefaultCookie(COOKIE, value);
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        cookie.setSecure(services.tls());
        if (maxAge >= 0)
        {
            cookie.setMaxAge(maxAge);
        }
        return cookie;
    }

    private void command(final ChannelHandlerContext ctx, final FullHttpRequest request, final Sessions.Session session)
    {
        final JsonNode body = body(request);
        final String type = textField(body, "type");
        final Role role = session.user().role();
        if (!Permissions.allCommands().contains(type))
        {
            throw new HttpIo.ApiError(HttpResponseStatus.BAD_REQUEST, "unknown command type " + type);
        }
        if (!Permissions.mayCommand(role, type))
        {
            send(ctx, request, error(HttpResponseStatus.FORBIDDEN, "the " + role.json() + " role may not " + type));
            return;
        }
        final byte[] message;
        try
        {
            message = CommandCodec.encode(body, session.user().operatorId());
        }
        catch (final CommandCodec.BadCommand ex)
        {
            send(ctx, request, error(HttpResponseStatus.BAD_REQUEST, type + ": " + ex.getMessage()));
            return;
        }
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        services.coreLink().submit(message).whenComplete((sequence, failure) ->
        {
            if (null == failure)
            {
                answerWithOutcome(ctx, keepAlive, sequence);
                return;
            }
            final Throwable cause = failure instanceof java.util.concurrent.CompletionException && null != failure.getCause() ?
                failure.getCause() : failure;
            write(ctx, keepAlive, cause instanceof CoreLink.CommandFailed cf ?
                error(HttpResponseStatus.valueOf(cf.httpStatus()), cf.getMessage()) :
                error(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(cause)));
        });
    }

    /**
     * Answers a journaled command with the state machine's decision about it, as the console's feed reads it from the
     * journals: {@code "outcome": "accepted"}, or {@code "refused"} with the {@code reason} (the enum's name) and a
     * {@code detail}; {@code "pending"} when the feed has not reached it within {@link #OUTCOME_WAIT_MS} (the journal
     * still has it: the notices will show it).
     */
    private void answerWithOutcome(final ChannelHandlerContext ctx, final boolean keepAlive, final long sequence)
    {
        final CommandOutcomes outcomes = services.feed().outcomes();
        outcomes.outcome(sequence)
            .orTimeout(OUTCOME_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
            .whenComplete((outcome, late) ->
            {
                final ObjectNode answer = ok().put("sequence", sequence);
                if (null == outcome)
                {
                    outcomes.forget(sequence);
                    answer.put("outcome", "pending");
                }
                else if (outcome.accepted())
                {
                    answer.put("outcome", "accepted");
                }
                else
                {
                    answer.put("outcome", "refused").put("reason", outcome.reason()).put("detail", outcome.text());
                }
                write(ctx, keepAlive, json(HttpResponseStatus.OK, answer));
            });
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        ctx.flush();
    }

}
