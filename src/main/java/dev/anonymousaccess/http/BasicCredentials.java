package dev.anonymousaccess.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.anonymousaccess.client.ClientCredentials;
import dev.anonymousaccess.client.ClientId;
import dev.anonymousaccess.error.OAuthException;

/**
 * A backend's client id and secret from {@code Authorization: Basic}, as RFC 6749 §2.3.1 has them sent: each
 * form-urlencoded, joined by a colon, base64-encoded. Both are checked for the shapes this service issues before
 * anything is looked up, so malformed credentials never reach the store. Every refusal answers the same
 * ({@link OAuthException#CLIENT_AUTHENTICATION_FAILED}); the log says which check failed. {@link #toString()} never
 * shows the secret.
 */
public record BasicCredentials(String clientId, String secret) {

    /** What a backend endpoint's answer refusing client authentication carries (RFC 6749 §5.2, RFC 7617). */
    public static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate",
            "Basic realm=\"anonymous-access\", charset=\"UTF-8\"");
    /**
     * The longest header read: a client id of 128 characters and a secret, each form-urlencoded (at most three
     * characters each), base64-encoded, with room to spare.
     */
    static final int MAX_HEADER_LENGTH = 1024;

    /** @throws OAuthException {@code invalid_client} when the header is missing or not well-formed credentials */
    public static BasicCredentials of(HttpRequest request) {
        String header = request.header("Authorization").map(String::strip).orElse("");
        if (header.isEmpty()) {
            throw OAuthException.invalidClient("no Authorization header");
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw OAuthException.invalidClient("an Authorization header of " + header.length() + " characters");
        }
        int space = header.indexOf(' ');
        if (space < 0 || !"basic".equals(header.substring(0, space).toLowerCase(Locale.ROOT))) {
            throw OAuthException.invalidClient("an Authorization header of another scheme than Basic");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("Basic credentials that are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw OAuthException.invalidClient("Basic credentials without a colon");
        }
        Optional<String> clientId = formDecoded(decoded.substring(0, colon)).filter(ClientId::isValid);
        if (clientId.isEmpty()) {
            throw OAuthException.invalidClient("Basic credentials whose client id is not a client id");
        }
        Optional<String> secret = formDecoded(decoded.substring(colon + 1))
                .filter(ClientCredentials::isWellFormedSecret);
        if (secret.isEmpty()) {
            throw OAuthException.invalidClient("Basic credentials whose secret is not of the issued shape");
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

    @Override
    public String toString() {
        return "BasicCredentials[clientId=" + clientId + "]";
    }
}
