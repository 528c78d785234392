package org.beacon.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
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
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import org.beacon.console.auth.Sessions;

/**
 * The plumbing every route of the console's HTTP API shares: JSON bodies and answers, query parameters, the session
 * a request's cookie names, the security headers of every answer, and work handed to a worker thread.
 */
final class HttpIo
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpIo()
    {
    }

    static ObjectNode ok()
    {
        return MAPPER.createObjectNode().put("ok", true);
    }

    static FullHttpResponse error(final HttpResponseStatus status, final String message)
    {
        return json(status, failure(message));
    }

    /** The body of an error, {@code {"ok":false,"error":message}}, for an answer that adds fields. */
    static ObjectNode failure(final String message)
    {
        return MAPPER.createObjectNode().put("ok", false).put("error", message);
    }

    static FullHttpResponse json(final HttpResponseStatus status, final ObjectNode body)
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

    static FullHttpResponse text(final HttpResponseStatus status, final String body)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    static FullHttpResponse redirect(final String location)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND,
            Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.LOCATION, location);
        return response;
    }

    static void send(final ChannelHandlerContext ctx, final FullHttpRequest request, final FullHttpResponse response)
    {
        write(ctx, HttpUtil.isKeepAlive(request), response);
    }

    static void write(final ChannelHandlerContext ctx, final boolean keepAlive, final FullHttpResponse response)
    {
        final io.netty.handler.codec.http.HttpHeaders headers = headers(response);
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

    /** Sets the length and the security headers every answer carries. */
    static io.netty.handler.codec.http.HttpHeaders headers(final FullHttpResponse response)
    {
        final io.netty.handler.codec.http.HttpHeaders headers = response.headers();
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
            "connect-src 'self'; frame-ancestors 'none'");
        return headers;
    }

    static JsonNode body(final FullHttpRequest request)
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

    static String firstLine(final String message)
    {
        if (null == message)
        {
            return "unreadable";
        }
        final int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static String textField(final JsonNode body, final String field)
    {
        final JsonNode value = body.get(field);
        if (null == value || !value.isTextual() || value.textValue().isEmpty())
        {
            throw new ApiError(HttpResponseStatus.BAD_REQUEST, "\"" + field + "\" must be a non-empty string");
        }
        return value.textValue();
    }

    static long longParam(final QueryStringDecoder uri, final String name)
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

    static void requireMethod(final HttpMethod method, final HttpMethod expected)
    {
        if (!expected.equals(method))
        {
            throw new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, "use " + expected.name());
        }
    }

    static void offload(final ChannelHandlerContext ctx, final FullHttpRequest retained, final ExecutorService executor,
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

    static Optional<Sessions.Session> session(final Sessions sessions, final FullHttpRequest request)
    {
        final String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (null == header)
        {
            return Optional.empty();
        }
        for (final Cookie cookie : ServerCookieDecoder.STRICT.decode(header))
        {
            if (HttpApiHandler.COOKIE.equals(cookie.name()) && !cookie.value().isEmpty())
            {
                return sessions.lookup(cookie.value());
            }
        }
        return Optional.empty();
    }

    /** An answer other than 200, thrown where the request is read. */
    static final class ApiError extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        final transient HttpResponseStatus status;

        ApiError(final HttpResponseStatus status, final String message)
        {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
