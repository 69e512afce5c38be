package dev.anonymousaccess.http;

import java.util.Optional;

import dev.anonymousaccess.client.ClientId;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;

/**
 * The body of {@code POST /auth/anonymous/refresh}: JSON or the RFC 6749 §6 form; {@code grant_type} is optional but,
 * when present, must be {@code refresh_token}; {@code client_id}, when present, must be the app the token was issued
 * to.
 */
public record RefreshRequest(String refreshToken, Optional<String> clientId) {

    /** @throws OAuthException {@code invalid_request} or {@code unsupported_grant_type} */
    public static RefreshRequest of(HttpRequest request) {
        return of(request, false);
    }

    /**
     * The request of the OAuth token endpoint (RFC 6749 §6), where {@code grant_type} is required.
     *
     * @throws OAuthException {@code invalid_request} or {@code unsupported_grant_type}
     */
    public static RefreshRequest ofTokenEndpoint(HttpRequest request) {
        return of(request, true);
    }

    private static RefreshRequest of(HttpRequest request, boolean grantTypeRequired) {
        RequestFields fields = RequestFields.jsonOrForm(request);
        String grantType = grantTypeRequired ? fields.requiredString("grant_type") : fields.optionalString("grant_type");
        if (grantType != null && !"refresh_token".equals(grantType)) {
            throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE, "only grant_type refresh_token is supported");
        }
        String clientId = fields.optionalString("client_id");
        if (clientId != null && !ClientId.isValid(clientId)) {
            throw OAuthException.invalidRequest("client_id is not a client app's id");
        }
        return new RefreshRequest(fields.requiredString("refresh_token"), Optional.ofNullable(clientId));
    }

    @Override
    public String toString() {
        return "RefreshRequest[]"; // the token must never reach a log
    }
}
