package dev.anonymousaccess.http;

/**
 * The body of {@code POST /oauth/introspect} (RFC 7662 §2.1): a form, or JSON, with a {@code token} and an optional
 * {@code token_type_hint}, accepted and ignored (tokens say their own kind).
 */
public record IntrospectionRequest(String token) {

    /** @throws dev.anonymousaccess.error.OAuthException {@code invalid_request} */
    public static IntrospectionRequest of(HttpRequest request) {
        RequestFields fields = RequestFields.jsonOrForm(request);
        fields.optionalString("token_type_hint");
        return new IntrospectionRequest(fields.requiredString("token"));
    }

    @Override
    public String toString() {
        return "IntrospectionRequest[]"; // the token must never reach a log
    }
}
