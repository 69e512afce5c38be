package dev.anonymousaccess.client;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A client app as operators see it. Times are ISO-8601. */
@RegisterForReflection
public record ClientFacts(String clientId, String name, List<String> allowedOrigins, boolean enabled,
        String createdAt, String updatedAt) {

    public static ClientFacts of(ClientApp app) {
        return new ClientFacts(app.clientId(), app.name(), app.allowedOrigins(), app.enabled(),
                app.createdAt().toString(), app.updatedAt().toString());
    }
}
