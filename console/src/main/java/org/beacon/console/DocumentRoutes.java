package org.beacon.console;

import static org.beacon.console.HttpIo.error;
import static org.beacon.console.HttpIo.offload;
import static org.beacon.console.HttpIo.redirect;
import static org.beacon.console.HttpIo.send;
import static org.beacon.console.HttpIo.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.beacon.console.auth.Role;
import org.beacon.console.auth.Sessions;

/**
 * The console's documents: its pages and their files (Leaflet from its webjar), camera crops and the CAP XML of
 * area alerts.
 */
final class DocumentRoutes
{
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

    private final HttpApiHandler.Services services;

    DocumentRoutes(final HttpApiHandler.Services services)
    {
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

    void staticFile(final ChannelHandlerContext ctx, final FullHttpRequest request, final String path)
    {
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method()))
        {
            send(ctx, request, error(HttpResponseStatus.METHOD_NOT_ALLOWED, "pages are read with GET"));
            return;
        }
        if ("/".equals(path) || "/index.html".equals(path) || "/login.html".equals(path))
        {
            final Optional<Sessions.Session> session = session(services.sessions(), request);
            if (session.isPresent() && !"/login.html".equals(path))
            {
                send(ctx, request, redirect(session.get().user().role().page()));
                return;
            }
            resource(ctx, request, "web/login.html", "html");
            return;
        }
        if (PAGES.contains(path) && session(services.sessions(), request).isEmpty())
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

    /** A camera crop: a plate or a crowd is personal data, for the dispatcher and the auditor only. */
    void crop(final ChannelHandlerContext ctx, final FullHttpRequest request, final String ref, final Role role)
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
        offload(ctx, retained, services.workers(), () ->
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
    void cap(final ChannelHandlerContext ctx, final FullHttpRequest request, final String id, final Role role)
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
            throw new HttpIo.ApiError(HttpResponseStatus.BAD_REQUEST, "not an alert id: " + id);
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
}
