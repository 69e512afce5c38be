package dev.anonymousaccess.local;

import java.util.List;

/**
 * The client app the local deployment registers at start, so that a fresh machine can create a token at once: the
 * demo web app's own origin plus {@code extraOrigins}. Its twin {@code <clientId>-jwt} is registered beside it, the
 * same but in the {@code jwt} token format (15-minute access tokens), to try JWT mode at once.
 */
public record DemoClientApp(String clientId, String name, List<String> extraOrigins) {

    public static final String CLIENT_ID = "demo-app";
    /** The twin of the standard demo app whose access tokens are JWTs. */
    public static final String JWT_CLIENT_ID = CLIENT_ID + "-jwt";

    /** The id of this app's twin in the {@code jwt} format. */
    public String jwtClientId() {
        return clientId + "-jwt";
    }

    /** As {@code ./run-local.sh} registers it. */
    public static DemoClientApp standard() {
        return new DemoClientApp(CLIENT_ID, "Demo App", List.of("https://*.example.com"));
    }
}
