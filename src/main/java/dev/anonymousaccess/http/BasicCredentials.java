package dev.anonymousaccess.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;

/**
 * A backend's client id and secret from {@code Authorization: Basic}, as RFC 6749 §2.3.1 has them sent: each
 * form-urlencoded, joined by a colon, base64-encoded. {@link #toString()} never shows the secret.
 */
public record BasicCredentials(String clientId, String secret) {

    /** What a backend endpoint's answer refusing client authentication carries (RFC 6749 §5.2, RFC 7617). */
    public static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate",
            "Basic realm=\"anonymous-access\", charset=\"UTF-8\"");

    /** @throws OAuthException {@code invalid_client} when the header is missing or is not well-formed Basic */
    public static BasicCredentials of(HttpRequest request) {
        String header = request.header("Authorization").map(String::strip).orElse("");
        int space = header.indexOf(' ');
        if (space < 0 || !"basic".equals(header.substring(0, space).toLowerCase(Locale.ROOT))) {
            throw refused("client authentication with HTTP Basic is required");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refused("the Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw refused("the Basic credentials must be client id and secret, joined by a colon");
        }
        Optional<String> clientId = formDecoded(decoded.substring(0, colon));
        Optional<String> secret = formDecoded(decoded.substring(colon + 1));
        if (clientId.isEmpty() || secret.isEmpty() || clientId.get().isEmpty() || secret.get().isEmpty()) {
            throw refused("the Basic credentials are not well-formed");
        }
        return new BasicCredentials(clientId.get(), secret.get());
    }

    private static Optional<String> formDecoded(String part) {
        try {
            return Optional.of(RequestFields.decodeFormPart(part));
        } catch (OAuthException e) {
            return Optional.empty();
        }
    }

    private static OAuthException refused(String description) {
        return new OAuthException(OAuthError.INVALID_CLIENT, description);
    }

    @Override
    public String toString() {
        return "BasicCredentials[clientId=" + clientId + "]";
    }
}
