package dev.anonymousaccess.http;

/**
 * The body of a revocation (RFC 7009 §2.1) or an introspection (RFC 7662 §2.1): JSON or form, a {@code token} and an
 * optional {@code token_type_hint}, accepted and ignored (tokens say their own kind).
 */
public record TokenRequest(String token) {

    /** @throws dev.anonymousaccess.error.OAuthException {@code invalid_request} */
    public static TokenRequest of(HttpRequest request) {
        RequestFields fields = RequestFields.jsonOrForm(request);
        fields.optionalString("token_type_hint");
        return new TokenRequest(fields.requiredString("token"));
    }

    @Override
    public String toString() {
        return "TokenRequest[]"; // the token must never reach a log
    }
}
