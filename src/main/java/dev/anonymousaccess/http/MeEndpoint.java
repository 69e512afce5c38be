package dev.anonymousaccess.http;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.anonymousaccess.authorizer.AuthorizerContext;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.observability.Invocation;
import dev.anonymousaccess.observability.Invocations;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /me} (and its CORS preflight, {@code OPTIONS /me}): the example downstream API. It trusts the identity
 * the authorizer put in the request context and touches no token and no table, as downstream teams' functions should.
 */
@ApplicationScoped
public class MeEndpoint {

    private final Invocations invocations;
    private final DownstreamCors cors;

    MeEndpoint(Invocations invocations, AnonymousAccessConfig config) {
        this.invocations = invocations;
        this.cors = new DownstreamCors("GET, OPTIONS", config.corsMaxAge());
    }

    public APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event) {
        return HttpInvocation.run(invocations, "me", event, invocation -> answer(event, invocation));
    }

    private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event, Invocation invocation) {
        HttpRequest request;
        try {
            request = HttpRequest.of(event);
        } catch (OAuthException e) {
            return HttpResponses.error(e.error(), e.getMessage(), Map.of());
        }
        if ("OPTIONS".equals(request.method())) {
            return cors.preflight(request).map(HttpResponses::noContent).orElseGet(() -> HttpResponses.error(
                    OAuthError.ORIGIN_NOT_ALLOWED, "a preflight needs a well-formed Origin", Map.of("Vary", "Origin")));
        }
        // Behind this service's Lambda authorizer, or behind API Gateway's JWT authorizer (the example JWT API).
        var authorizer = event.getRequestContext().getAuthorizer();
        Optional<AuthorizerContext> context = Optional.ofNullable(authorizer)
                .flatMap(vouched -> AuthorizerContext.read(vouched.getLambda())
                        .or(() -> Optional.ofNullable(vouched.getJwt())
                                .flatMap(jwt -> AuthorizerContext.readJwtClaims(jwt.getClaims()))));
        if (context.isEmpty()) {
            // Only reachable when the route is deployed without the authorizer: refuse rather than guess.
            return HttpResponses.error(OAuthError.INVALID_TOKEN, "no authorized user in the request context",
                    Map.of("WWW-Authenticate", "Bearer"));
        }
        AuthorizerContext caller = context.get();
        // The authorizer vouches for both: the request is this user's.
        invocation.identifyUser(caller.userId(), caller.clientId());
        return HttpResponses.json(200, new Me(caller.userId(), caller.clientId(), caller.subject().orElse(null)),
                cors.answer(request, caller.allowedOrigins()));
    }

    /** The caller's identity; {@code subject} only for a claimed user. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Me(String userId, String clientId, String subject) {
    }
}
