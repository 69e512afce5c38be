package dev.anonymousaccess.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What an app's backend sends to claim or introspect with its secret. */
public final class BackendCredentials {

    private BackendCredentials() {
    }

    /**
     * {@code Authorization: Basic} as RFC 6749 §2.3.1 has it: the client id and the secret each form-urlencoded,
     * joined by a colon, base64-encoded.
     */
    public static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
