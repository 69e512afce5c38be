package dev.anonymousaccess.authorizer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the authorizer hands the routes it guards ({@code requestContext.authorizer.lambda} on an HTTP API,
 * {@code requestContext.authorizer} on a REST API): who the caller is and which browser origins the caller's client
 * app allows. Values are strings, the one type both API kinds pass on; the origins are space-separated (an origin
 * has no space). A claimed user's context also carries {@code subject}, the app's permanent id of the person.
 *
 * <p>API Gateway caches this answer per token, whatever the request's {@code Origin}: so the context carries the
 * client app's rule, never a decision about one origin, and each route checks its own request's origin against it.
 */
public record AuthorizerContext(String userId, String clientId, List<String> allowedOrigins,
        Optional<String> subject) {

    static final String USER_ID = "userId";
    static final String CLIENT_ID = "clientId";
    static final String ALLOWED_ORIGINS = "allowedOrigins";
    static final String SUBJECT = "subject";

    public AuthorizerContext {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** The context of an anonymous user. */
    public AuthorizerContext(String userId, String clientId, List<String> allowedOrigins) {
        this(userId, clientId, allowedOrigins, Optional.empty());
    }

    public Map<String, String> asMap() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put(USER_ID, userId);
        context.put(CLIENT_ID, clientId);
        context.put(ALLOWED_ORIGINS, String.join(" ", allowedOrigins));
        subject.ifPresent(claimed -> context.put(SUBJECT, claimed));
        return context;
    }

    /**
     * The identity API Gateway's built-in JWT authorizer vouches for ({@code requestContext.authorizer.jwt.claims}):
     * {@code sub}, {@code client_id} and, for a claimed user, {@code subject}. It knows no client app, so no origins:
     * a route behind it answers browsers with its own CORS configuration.
     */
    public static Optional<AuthorizerContext> readJwtClaims(Map<String, String> claims) {
        if (claims == null || claims.get("sub") == null || claims.get("client_id") == null) {
            return Optional.empty();
        }
        return Optional.of(new AuthorizerContext(claims.get("sub"), claims.get("client_id"), List.of(),
                Optional.ofNullable(claims.get("subject"))));
    }

    /** The context of a guarded request; empty when it is missing or incomplete (a route deployed without it). */
    public static Optional<AuthorizerContext> read(Map<String, Object> context) {
        if (context == null || !(context.get(USER_ID) instanceof String userId)
                || !(context.get(CLIENT_ID) instanceof String clientId)) {
            return Optional.empty();
        }
        List<String> origins = context.get(ALLOWED_ORIGINS) instanceof String text && !text.isBlank()
                ? Arrays.asList(text.trim().split(" +"))
                : List.of();
        Optional<String> subject = context.get(SUBJECT) instanceof String claimed ? Optional.of(claimed)
                : Optional.empty();
        return Optional.of(new AuthorizerContext(userId, clientId, origins, subject));
    }
}
