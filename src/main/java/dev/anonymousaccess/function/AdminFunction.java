package dev.anonymousaccess.function;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientId;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.InvalidClientDefinitionException;
import dev.anonymousaccess.store.StoreUnavailableException;
import dev.anonymousaccess.user.UserAdministration;
import io.quarkus.funqy.Funq;

/**
 * Operator actions, invoked directly ({@code aws lambda invoke}), never routed through the public API. A bad request
 * fails the invocation with a message that says what is wrong, and writes nothing.
 */
public class AdminFunction {

    private static final Logger LOG = Logger.getLogger(AdminFunction.class);
    private static final Pattern USER_ID = Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> CLIENT_FIELDS = Set.of("action", "clientId", "name", "allowedOrigins", "enabled");

    @Inject
    ClientRegistry clients;

    @Inject
    UserAdministration users;

    @Funq("admin")
    public Object admin(JsonNode request) {
        try {
            String action = text(request, "action");
            Object result = switch (action == null ? "" : action) {
                case "putClient" -> ClientView.of(clients.put(clientDefinition(request)));
                case "getClient" -> ClientView.of(clients.find(clientId(request))
                        .orElseThrow(() -> new InvocationFailure("no client app " + text(request, "clientId"))));
                case "disableClient" -> ClientView.of(clients.disable(clientId(request))
                        .orElseThrow(() -> new InvocationFailure("no client app " + text(request, "clientId"))));
                case "getUser" -> users.find(userId(request))
                        .orElseThrow(() -> new InvocationFailure("no user " + text(request, "userId")));
                case "revokeUser" -> users.revokeAll(userId(request))
                        .orElseThrow(() -> new InvocationFailure("no user " + text(request, "userId")));
                case "deleteUser" -> {
                    String userId = userId(request);
                    yield new Erasure(userId, users.erase(userId));
                }
                default -> throw new InvocationFailure("unknown action '" + action + "'; expected putClient,"
                        + " getClient, disableClient, getUser, revokeUser or deleteUser");
            };
            LOG.infof("admin %s done", action);
            return result;
        } catch (InvalidClientDefinitionException e) {
            throw new InvocationFailure(e.getMessage());
        } catch (StoreUnavailableException e) {
            throw new InvocationFailure("DynamoDB is unavailable, nothing was changed; retry later");
        }
    }

    private static ClientDefinition clientDefinition(JsonNode request) {
        request.fieldNames().forEachRemaining(field -> {
            if (!CLIENT_FIELDS.contains(field)) {
                throw new InvocationFailure("unknown field '" + field + "' for putClient");
            }
        });
        JsonNode origins = request.get("allowedOrigins");
        List<String> allowedOrigins = null;
        if (origins != null && !origins.isNull()) {
            if (!origins.isArray()) {
                throw new InvocationFailure("allowedOrigins must be an array of origins");
            }
            allowedOrigins = new ArrayList<>();
            for (JsonNode origin : origins) {
                if (!origin.isTextual()) {
                    throw new InvocationFailure("allowedOrigins must contain only strings");
                }
                allowedOrigins.add(origin.asText());
            }
        }
        JsonNode enabled = request.get("enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            throw new InvocationFailure("enabled must be true or false");
        }
        return new ClientDefinition(clientId(request), text(request, "name"), allowedOrigins,
                enabled == null || enabled.isNull() ? null : enabled.asBoolean());
    }

    private static String clientId(JsonNode request) {
        String clientId = text(request, "clientId");
        String problem = ClientId.problemWith(clientId);
        if (problem != null) {
            throw new InvocationFailure(problem);
        }
        return clientId;
    }

    private static String userId(JsonNode request) {
        String userId = text(request, "userId");
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw new InvocationFailure("userId is required and must be a user id (a UUID)");
        }
        return userId;
    }

    private static String text(JsonNode request, String field) {
        if (request == null || !request.isObject()) {
            throw new InvocationFailure("the request must be a JSON object with an action");
        }
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvocationFailure(field + " must be a string");
        }
        return value.asText();
    }

    /** The answer to deleteUser: erasure is idempotent, {@code deleted} says whether there was anything to erase. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Erasure(String userId, boolean deleted) {
    }

    /** A client app as operators see it. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record ClientView(String clientId, String name, List<String> allowedOrigins, boolean enabled,
            String createdAt, String updatedAt) {

        static ClientView of(ClientApp app) {
            return new ClientView(app.clientId(), app.name(), app.allowedOrigins(), app.enabled(),
                    app.createdAt().toString(), app.updatedAt().toString());
        }
    }
}
