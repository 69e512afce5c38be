package dev.anonymousaccess.local;

import java.util.List;

/**
 * The client app the local deployment registers at start, so that a fresh machine can create a token at once: the
 * demo web app's own origin plus {@code extraOrigins}.
 */
public record DemoClientApp(String clientId, String name, List<String> extraOrigins) {

    public static final String CLIENT_ID = "demo-app";

    /** As {@code ./run-local.sh} registers it. */
    public static DemoClientApp standard() {
        return new DemoClientApp(CLIENT_ID, "Demo App", List.of("https://*.example.com"));
    }
}
