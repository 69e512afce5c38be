package dev.anonymousaccess.client;

import java.time.Instant;
import java.util.List;

/**
 * A registered client app: the public id that browsers and mobile apps send, and the origins browsers may call
 * from. {@code version} guards concurrent replacement.
 */
public record ClientApp(String clientId, String name, List<String> allowedOrigins, boolean enabled,
        Instant createdAt, Instant updatedAt, long version) {

    public ClientApp {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public OriginPolicy originPolicy() {
        return OriginPolicy.of(allowedOrigins);
    }
}
