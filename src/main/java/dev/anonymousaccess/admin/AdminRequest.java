package dev.anonymousaccess.admin;

import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientId;
import dev.anonymousaccess.client.ClientSettingsJson;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.http.RequestFields;
import dev.anonymousaccess.user.Subject;

/**
 * Reads an admin invocation ({@code {"action": ..., ...}}); every accessor throws {@code invalid_request} with a
 * message that says what is wrong with the field it reads.
 */
final class AdminRequest {

    private static final Pattern USER_ID = Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /**
     * The fields of a putClient that are not settings: the definition's own, and the facts getClient shows that
     * nobody sets (so that what getClient answers can be sent back as a putClient).
     */
    private static final Set<String> DEFINITION_FIELDS = Set.of("action", "clientId", "name", "enabled", "createdAt",
            "updatedAt", "backendSecret");

    private final ObjectNode json;
    private final RequestFields fields;

    private AdminRequest(ObjectNode json) {
        this.json = json;
        this.fields = RequestFields.of(json);
    }

    static AdminRequest of(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw OAuthException.invalidRequest("the request must be a JSON object");
        }
        return new AdminRequest((ObjectNode) json);
    }

    String action() {
        String action = fields.optionalString("action");
        return action == null ? "" : action;
    }

    String clientId() {
        return ClientId.require(fields.optionalString("clientId"));
    }

    String userId() {
        String userId = fields.optionalString("userId");
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw OAuthException.invalidRequest("userId is required and must be a user id (a UUID)");
        }
        return userId;
    }

    /** Whether a first key signs at once (rotateSigningKeys); only for a deployment without keys. */
    boolean immediately() {
        Boolean immediately = fields.optionalBoolean("immediately");
        return immediately != null && immediately;
    }

    String subject() {
        return Subject.require(fields.optionalString("subject"));
    }

    /**
     * The client app of a putClient: its id, name and enabled flag, and every other field is one of its settings
     * ({@link ClientSettingsJson}); an unknown field is refused, so that a misspelt one is never ignored.
     */
    ClientDefinition clientDefinition() {
        ObjectNode settings = json.deepCopy();
        settings.remove(DEFINITION_FIELDS);
        return ClientDefinition.builder().clientId(clientId()).name(fields.optionalString("name"))
                .enabled(fields.optionalBoolean("enabled")).settings(ClientSettingsJson.read(settings)).build();
    }

}
