package dev.anonymousaccess.function;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientId;

/**
 * Reads an admin invocation ({@code {"action": ..., ...}}); every accessor fails the invocation with a message that
 * says what is wrong with the field it reads.
 */
final class AdminRequest {

    private static final Pattern USER_ID = Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> CLIENT_FIELDS = Set.of("action", "clientId", "name", "allowedOrigins", "enabled");

    private final JsonNode json;

    private AdminRequest(JsonNode json) {
        this.json = json;
    }

    static AdminRequest of(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new InvocationFailure("the request must be a JSON object with an action");
        }
        return new AdminRequest(json);
    }

    String action() {
        String action = text("action");
        return action == null ? "" : action;
    }

    String clientId() {
        String clientId = text("clientId");
        String problem = ClientId.problemWith(clientId);
        if (problem != null) {
            throw new InvocationFailure(problem);
        }
        return clientId;
    }

    String userId() {
        String userId = text("userId");
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw new InvocationFailure("userId is required and must be a user id (a UUID)");
        }
        return userId;
    }

    /** The client app of a putClient; unknown fields are refused, so that a misspelt field is never ignored. */
    ClientDefinition clientDefinition() {
        json.fieldNames().forEachRemaining(field -> {
            if (!CLIENT_FIELDS.contains(field)) {
                throw new InvocationFailure("unknown field '" + field + "' for putClient");
            }
        });
        JsonNode enabled = json.get("enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            throw new InvocationFailure("enabled must be true or false");
        }
        return new ClientDefinition(clientId(), text("name"), allowedOrigins(),
                enabled == null || enabled.isNull() ? null : enabled.asBoolean());
    }

    private List<String> allowedOrigins() {
        JsonNode origins = json.get("allowedOrigins");
        if (origins == null || origins.isNull()) {
            return null;
        }
        if (!origins.isArray()) {
            throw new InvocationFailure("allowedOrigins must be an array of origins");
        }
        List<String> allowedOrigins = new ArrayList<>();
        for (JsonNode origin : origins) {
            if (!origin.isTextual()) {
                throw new InvocationFailure("allowedOrigins must contain only strings");
            }
            allowedOrigins.add(origin.asText());
        }
        return allowedOrigins;
    }

    private String text(String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvocationFailure(field + " must be a string");
        }
        return value.asText();
    }
}
