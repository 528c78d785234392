package org.beacon.console;

import static org.beacon.console.HttpIo.body;
import static org.beacon.console.HttpIo.error;
import static org.beacon.console.HttpIo.json;
import static org.beacon.console.HttpIo.offload;
import static org.beacon.console.HttpIo.ok;
import static org.beacon.console.HttpIo.requireMethod;
import static org.beacon.console.HttpIo.send;
import static org.beacon.console.HttpIo.textField;

import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.beacon.console.auth.Role;
import org.beacon.console.auth.User;
import org.beacon.console.auth.UserStore;

/**
 * Account administration: the list of users, enabling and disabling one, creating or changing one. A change that
 * would leave no enabled admin (disabling the last one, or giving it another role) is refused with 409.
 */
final class AdminRoutes
{
    private final HttpApiHandler.Services services;

    AdminRoutes(final HttpApiHandler.Services services)
    {
        this.services = services;
    }

    void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
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
                throw new HttpIo.ApiError(HttpResponseStatus.BAD_REQUEST, "\"enabled\" must be true or false");
            }
            try
            {
                users.setEnabled(name, enabled.booleanValue());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new HttpIo.ApiError(HttpResponseStatus.BAD_REQUEST, ex.getMessage());
            }
            catch (final UserStore.LastAdminException ex)
            {
                throw new HttpIo.ApiError(HttpResponseStatus.CONFLICT, ex.getMessage());
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
            throw new HttpIo.ApiError(HttpResponseStatus.BAD_REQUEST, ex.getMessage());
        }
        final JsonNode operator = body.get("operatorId");
        if (null == operator || !operator.isIntegralNumber() || !operator.canConvertToInt())
        {
            throw new HttpIo.ApiError(HttpResponseStatus.BAD_REQUEST, "\"operatorId\" must be an integer");
        }
        final char[] password = textField(body, "password").toCharArray();
        offload(ctx, request.retain(), services.workers(), () ->
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
            catch (final UserStore.LastAdminException ex)
            {
                return error(HttpResponseStatus.CONFLICT, ex.getMessage());
            }
            finally
            {
                Arrays.fill(password, '\0');
            }
        });
    }
}
