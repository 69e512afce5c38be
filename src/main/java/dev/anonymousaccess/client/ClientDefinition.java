package dev.anonymousaccess.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an operator asks to register. {@link #validated()} checks every field and normalizes the origins before
 * anything is written.
 */
public record ClientDefinition(String clientId, String name, List<String> allowedOrigins, Boolean enabled) {

    /** Bounded so that a client app and its origin index fit in one DynamoDB transaction (100 actions). */
    public static final int MAX_ALLOWED_ORIGINS = 40;
    static final int MAX_NAME_LENGTH = 200;

    /**
     * @return this definition with defaults applied (name = client id, no origins, enabled) and origins in canonical
     *         form, without duplicates
     * @throws InvalidClientDefinitionException saying what is wrong
     */
    public ClientDefinition validated() {
        String problem = ClientId.problemWith(clientId);
        if (problem != null) {
            throw new InvalidClientDefinitionException(problem);
        }
        String effectiveName = name == null ? clientId : name.strip();
        if (effectiveName.isEmpty() || effectiveName.length() > MAX_NAME_LENGTH) {
            throw new InvalidClientDefinitionException("name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        List<String> origins = allowedOrigins == null ? List.of() : allowedOrigins;
        if (origins.size() > MAX_ALLOWED_ORIGINS) {
            throw new InvalidClientDefinitionException(
                    "at most " + MAX_ALLOWED_ORIGINS + " allowed origins per client app");
        }
        Set<String> canonical = new LinkedHashSet<>();
        for (String origin : origins) {
            try {
                canonical.add(AllowedOrigin.parse(origin).canonical());
            } catch (IllegalArgumentException e) {
                throw new InvalidClientDefinitionException(e.getMessage());
            }
        }
        return new ClientDefinition(clientId, effectiveName, List.copyOf(canonical), enabled == null || enabled);
    }
}
