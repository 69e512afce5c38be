package dev.anonymousaccess.http;

/**
 * The body of {@code POST /auth/anonymous/revoke} (RFC 7009 §2.1): JSON or form, a {@code token} and an optional
 * {@code token_type_hint}, accepted and ignored (tokens say their own kind).
 */
public record RevokeRequest(String token) {

    /** @throws dev.anonymousaccess.error.OAuthException {@code invalid_request} */
    public static RevokeRequest of(HttpRequest request) {
        RequestFields fields = RequestFields.jsonOrForm(request);
        fields.optionalString("token_type_hint");
        return new RevokeRequest(fields.requiredString("token"));
    }

    @Override
    public String toString() {
        return "RevokeRequest[]"; // the token must never reach a log
    }
}
