package org.beacon.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.util.AttributeKey;
import org.beacon.console.auth.Permissions;
import org.beacon.console.auth.Role;
import org.beacon.console.auth.Sessions;
import org.beacon.console.auth.User;
import org.beacon.console.auth.UserStore;

/**
 * Every HTTP request of the console: the pages and their files, log-in and log-out, commands, the
 * auditor's questions and account administration. WebSocket upgrades on {@code /ws} pass on to the
 * WebSocket handlers once the session is checked. Work that blocks (password hashing, journal folds,
 * verification) runs on the worker threads, never on the event loop; a command is answered when the core's
 * Ack arrives.
 */
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    /** The session of a WebSocket channel, set before the upgrade. */
    static final AttributeKey<Sessions.Session> SESSION = AttributeKey.valueOf("beacon.session");

    static final String COOKIE = "beacon_session";
    private static final String CSRF_HEADER = "X-Beacon-Csrf";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> PAGES = Set.of("/dispatcher.html", "/traffic.html", "/audit.html", "/admin.html");
    private static final Map<String, String> TYPES = Map.of(
        "html", "text/html; charset=utf-8",
        "js", "text/javascript; charset=utf-8",
        "css", "text/css; charset=utf-8",
        "png", "image/png",
        "svg", "image/svg+xml",
        "json", "application/json",
        "ico", "image/x-icon");
    private static final String LEAFLET = "META-INF/resources/webjars/leaflet/" + leafletVersion() + "/dist/";

    /** What the handler needs; one instance shared by every channel. */
    record Services(UserStore users, Sessions sessions, CoreLink coreLink, ConsoleFeed feed, AuditService audit,
        JournalVerifier verifier, ExecutorService workers, ExecutorService auditWorker, ConsoleContext ctx, boolean tls)
    {
    }

    private final Services services;

    HttpApiHandler(final Services services)
    {
        super(false);
        this.services = services;
    }

    private static String leafletVersion()
    {
        try (InputStream in = HttpApiHandler.class.getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars.npm/leaflet/pom.properties"))
        {
            if (null != in)
            {
                final java.util.Properties p = new java.util.Properties();
                p.load(in);
                return p.getProperty("version", "1.9.4");
            }
        }
        catch (final IOException ignore)
        {
            // the default below
        }
        return "1.9.4";
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
                final Optional<Sessions.Session> session = session(request);
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
                staticFile(ctx, request, path);
            }
        }
        catch (final ApiError ex)
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
        final Optional<Sessions.Session> found = session(request);
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
                audit(ctx, request, path, uri, role);
            }
            case "/api/admin/users" ->
            {
                if (!Permissions.mayAdminister(role))
                {
                    send(ctx, request, error(HttpResponseStatus.FORBIDDEN, "only an admin may manage accounts"));
                    return;
                }
                admin(ctx, request);
            }
            default ->
            {
                if (path.startsWith("/api/crops/"))
                {
                    requireMethod(method, HttpMethod.GET);
                    crop(ctx, request, path.substring("/api/crops/".length()), role);
                    return;
                }
                if (path.startsWith("/api/alerts/") && path.endsWith("/cap"))
                {
                    requireMethod(method, HttpMethod.GET);
                    cap(ctx, request, path.substring("/api/alerts/".length(), path.length() - "/cap".length()), role);
                    return;
                }
                send(ctx, request, error(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + path));
            }
        }
    }

    /** A camera crop: a plate or a crowd is personal data, for the dispatcher and the auditor only. */
    private void crop(final ChannelHandlerContext ctx, final FullHttpRequest request, final String ref, final Role role)
    {
        if (role != Role.DISPATCHER && role != Role.AUDITOR)
        {
            send(ctx, request, error(HttpResponseStatus.FORBIDDEN, "the " + role.json() + " role may not see camera crops"));
            return;
        }
        if (!ref.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*") || ref.contains("..") || !(ref.endsWith(".jpg") || ref.endsWith(".png")))
        {
            send(ctx, request, error(HttpResponseStatus.BAD_REQUEST, "not a crop reference: " + ref));
            return;
        }
        final java.nio.file.Path root = services.ctx().cropsDir().toAbsolutePath().normalize();
        final java.nio.file.Path file = root.resolve(ref).normalize();
        if (!file.startsWith(root) || !java.nio.file.Files.isRegularFile(file))
        {
            send(ctx, request, error(HttpResponseStatus.NOT_FOUND, "no such crop: " + ref));
            return;
        }
        final FullHttpRequest retained = request.retain();
        offload(ctx, retained, () ->
        {
            try
            {
                final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(java.nio.file.Files.readAllBytes(file)));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, ref.endsWith(".png") ? "image/png" : "image/jpeg");
                response.headers().set(HttpHeaderNames.CACHE_CONTROL, "private, max-age=86400");
                return response;
            }
            catch (final IOException ex)
            {
                return error(HttpResponseStatus.NOT_FOUND, "crop unreadable: " + ref);
            }
        });
    }

    /** The CAP 1.2 XML of an area alert's latest issued message, for the dispatcher and the auditor. */
    private void cap(final ChannelHandlerContext ctx, final FullHttpRequest request, final String id, final Role role)
    {
        if (role != Role.DISPATCHER && role != Role.AUDITOR)
        {
            send(ctx, request, error(HttpResponseStatus.FORBIDDEN, "the " + role.json() + " role may not read alert messages"));
            return;
        }
        final long alertId;
        try
        {
            alertId = Long.parseLong(id);
        }
        catch (final NumberFormatException ex)
        {
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, "not an alert id: " + id);
        }
        final String xml = alertId > 0 ? services.feed().capXml(alertId) : null;
        if (null == xml)
        {
            send(ctx, request, error(HttpResponseStatus.NOT_FOUND, "alert " + id + " has issued no message"));
            return;
        }
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        send(ctx, request, response);
    }

    private void login(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final JsonNode body = body(request);
        final String user = textField(body, "user");
        final String password = textField(body, "password");
        final FullHttpRequest retained = request.retain();
        offload(ctx, retained, () ->
        {
            final char[] chars = password.toCharArray();
            final Optional<User> authenticated = services.users().authenticate(user, chars);
            Arrays.fill(chars, '\0');
            if (authenticated.isEmpty())
            {
                return error(HttpResponseStatus.UNAUTHORIZED, services.users().lockedOut(user) ?
                    "too many failed log-ins for this user; wait a minute" : "wrong user or password");
            }
            final Sessions.Session session = services.sessions().create(authenticated.get());
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
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, "unknown command type " + type);
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
            final FullHttpResponse response;
            if (null == failure)
            {
                response = json(HttpResponseStatus.OK, ok().put("sequence", sequence));
            }
            else
            {
                final Throwable cause = failure instanceof java.util.concurrent.CompletionException && null != failure.getCause() ?
                    failure.getCause() : failure;
                response = cause instanceof CoreLink.CommandFailed cf ?
                    error(HttpResponseStatus.valueOf(cf.httpStatus()), cf.getMessage()) :
                    error(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(cause));
            }
            write(ctx, keepAlive, response);
        });
    }

    private void audit(final ChannelHandlerContext ctx, final FullHttpRequest request, final String path, final QueryStringDecoder uri,
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
                offload(ctx, request.retain(), () ->
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
                offload(ctx, request.retain(), () ->
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
                offload(ctx, request.retain(), () ->
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

    private void admin(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final UserStore users = services.users();
        if (HttpMethod.GET.equals(request.method()))
        {
            final ObjectNode answer = ok();
            final ArrayNode list = answer.putArray("users");
            for (final User user : users.users())
            {
                list.addObject().put("user", user.name()).put("role", user.role().json()).put("operatorId", user.operatorId())
                    .put("enabled", user.enabled());
            }
            send(ctx, request, json(HttpResponseStatus.OK, answer));
            return;
        }
        requireMethod(request.method(), HttpMethod.POST);
        final JsonNode body = body(request);
        final String name = textField(body, "user");
        final JsonNode enabled = body.get("enabled");
        if (null != enabled && !body.has("password"))
        {
            if (!enabled.isBoolean())
            {
                throw new ApiError(HttpResponseStatus.BAD_REQUEST, "\"enabled\" must be true or false");
            }
            try
            {
                users.setEnabled(name, enabled.booleanValue());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ApiError(HttpResponseStatus.BAD_REQUEST, ex.getMessage());
            }
            if (!enabled.booleanValue())
            {
                services.sessions().removeUser(name);
            }
            send(ctx, request, json(HttpResponseStatus.OK, ok()));
            return;
        }
        final Role role;
        try
        {
            role = Role.fromJson(textField(body, "role"));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, ex.getMessage());
        }
        final JsonNode operator = body.get("operatorId");
        if (null == operator || !operator.isIntegralNumber() || !operator.canConvertToInt())
        {
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, "\"operatorId\" must be an integer");
        }
        final char[] password = textField(body, "password").toCharArray();
        offload(ctx, request.retain(), () ->
        {
            try
            {
                users.put(name, role, operator.intValue(), password);
                services.sessions().removeUser(name);
                return json(HttpResponseStatus.OK, ok());
            }
            catch (final IllegalArgumentException ex)
            {
                return error(HttpResponseStatus.BAD_REQUEST, ex.getMessage());
            }
            finally
            {
                Arrays.fill(password, '\0');
            }
        });
    }

    private void staticFile(final ChannelHandlerContext ctx, final FullHttpRequest request, final String path)
    {
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method()))
        {
            send(ctx, request, error(HttpResponseStatus.METHOD_NOT_ALLOWED, "pages are read with GET"));
            return;
        }
        if ("/".equals(path) || "/index.html".equals(path) || "/login.html".equals(path))
        {
            final Optional<Sessions.Session> session = session(request);
            if (session.isPresent() && !"/login.html".equals(path))
            {
                send(ctx, request, redirect(session.get().user().role().page()));
                return;
            }
            resource(ctx, request, "web/login.html", "html");
            return;
        }
        if (PAGES.contains(path) && session(request).isEmpty())
        {
            send(ctx, request, redirect("/"));
            return;
        }
        final String resource;
        if (path.startsWith("/vendor/leaflet/"))
        {
            resource = LEAFLET + path.substring("/vendor/leaflet/".length());
        }
        else
        {
            resource = "web" + path;
        }
        if (resource.contains("..") || resource.contains("//") || resource.contains("\\"))
        {
            send(ctx, request, error(HttpResponseStatus.NOT_FOUND, "no such file"));
            return;
        }
        final int dot = resource.lastIndexOf('.');
        resource(ctx, request, resource, dot < 0 ? "" : resource.substring(dot + 1));
    }

    private void resource(final ChannelHandlerContext ctx, final FullHttpRequest request, final String name, final String extension)
    {
        final String type = TYPES.get(extension);
        final byte[] bytes = null == type ? null : StaticFiles.read(name);
        if (null == bytes)
        {
            send(ctx, request, error(HttpResponseStatus.NOT_FOUND, "no such file"));
            return;
        }
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        send(ctx, request, response);
    }

    private void offload(final ChannelHandlerContext ctx, final FullHttpRequest retained, final Supplier<FullHttpResponse> work)
    {
        offload(ctx, retained, services.workers(), work);
    }

    private void offload(final ChannelHandlerContext ctx, final FullHttpRequest retained, final ExecutorService executor,
        final Supplier<FullHttpResponse> work)
    {
        final boolean keepAlive = HttpUtil.isKeepAlive(retained);
        retained.release();
        try
        {
            executor.execute(() ->
            {
                FullHttpResponse response;
                try
                {
                    response = work.get();
                }
                catch (final ApiError ex)
                {
                    response = error(ex.status, ex.getMessage());
                }
                catch (final RuntimeException ex)
                {
                    response = error(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(ex.getMessage()));
                }
                write(ctx, keepAlive, response);
            });
        }
        catch (final RejectedExecutionException ex)
        {
            write(ctx, keepAlive, error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the console is shutting down"));
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }

    private Optional<Sessions.Session> session(final FullHttpRequest request)
    {
        final String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (null == header)
        {
            return Optional.empty();
        }
        for (final Cookie cookie : ServerCookieDecoder.STRICT.decode(header))
        {
            if (COOKIE.equals(cookie.name()) && !cookie.value().isEmpty())
            {
                return services.sessions().lookup(cookie.value());
            }
        }
        return Optional.empty();
    }

    private static JsonNode body(final FullHttpRequest request)
    {
        final String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (null == contentType || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"))
        {
            throw new ApiError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json");
        }
        final ByteBuf content = request.content();
        final byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        final JsonNode node;
        try
        {
            node = MAPPER.readTree(bytes);
        }
        catch (final IOException ex)
        {
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, "the body is not valid JSON: " + firstLine(ex.getMessage()));
        }
        if (null == node || !node.isObject())
        {
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, "the body must be a JSON object");
        }
        return node;
    }

    private static String firstLine(final String message)
    {
        if (null == message)
        {
            return "unreadable";
        }
        final int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String textField(final JsonNode body, final String field)
    {
        final JsonNode value = body.get(field);
        if (null == value || !value.isTextual() || value.textValue().isEmpty())
        {
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, "\"" + field + "\" must be a non-empty string");
        }
        return value.textValue();
    }

    private static long longParam(final QueryStringDecoder uri, final String name)
    {
        final List<String> values = uri.parameters().get(name);
        if (null == values || values.size() != 1)
        {
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, "the query needs one " + name);
        }
        try
        {
            return Long.parseLong(values.get(0));
        }
        catch (final NumberFormatException ex)
        {
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, name + " must be an integer, not " + values.get(0));
        }
    }

    private static void requireMethod(final HttpMethod method, final HttpMethod expected)
    {
        if (!expected.equals(method))
        {
            throw new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, "use " + expected.name());
        }
    }

    /** An answer other than 200, thrown where the request is read. */
    static final class ApiError extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        private final transient HttpResponseStatus status;

        ApiError(final HttpResponseStatus status, final String message)
        {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        ctx.flush();
    }

    private static ObjectNode ok()
    {
        return MAPPER.createObjectNode().put("ok", true);
    }

    static FullHttpResponse error(final HttpResponseStatus status, final String message)
    {
        return json(status, MAPPER.createObjectNode().put("ok", false).put("error", message));
    }

    private static FullHttpResponse json(final HttpResponseStatus status, final ObjectNode body)
    {
        try
        {
            return text(status, MAPPER.writeValueAsString(body));
        }
        catch (final com.fasterxml.jackson.core.JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static FullHttpResponse text(final HttpResponseStatus status, final String body)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    private static FullHttpResponse redirect(final String location)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND,
            Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.LOCATION, location);
        return response;
    }

    private void send(final ChannelHandlerContext ctx, final FullHttpRequest request, final FullHttpResponse response)
    {
        write(ctx, HttpUtil.isKeepAlive(request), response);
    }

    private static void write(final ChannelHandlerContext ctx, final boolean keepAlive, final FullHttpResponse response)
    {
        final io.netty.handler.codec.http.HttpHeaders headers = response.headers();
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
            "connect-src 'self'; frame-ancestors 'none'");
        if (keepAlive)
        {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
