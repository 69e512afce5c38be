package dev.anonymousaccess.function;

import java.util.Map;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.http.HttpResponses;
import dev.anonymousaccess.observability.Invocation;
import dev.anonymousaccess.observability.Invocations;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /me}: the example downstream API. It trusts the identity the authorizer put in the request context and
 * touches no token and no table, as downstream teams' functions should.
 */
public class MeFunction {

    @Inject
    Invocations invocations;

    @Funq("me")
    public APIGatewayV2HTTPResponse me(APIGatewayV2HTTPEvent event) {
        return HttpInvocation.run(invocations, "me", event, () -> answer(event));
    }

    private static APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event) {
        Map<String, Object> context = event == null || event.getRequestContext() == null
                || event.getRequestContext().getAuthorizer() == null
                        ? null
                        : event.getRequestContext().getAuthorizer().getLambda();
        Object userId = context == null ? null : context.get("userId");
        Object clientId = context == null ? null : context.get("clientId");
        if (!(userId instanceof String) || !(clientId instanceof String)) {
            // Only reachable when the route is deployed without the authorizer: refuse rather than guess.
            return HttpResponses.error(OAuthError.INVALID_TOKEN, "no authorized user in the request context",
                    Map.of("WWW-Authenticate", "Bearer"));
        }
        // The authorizer vouches for both: the request is this user's.
        Invocation.identifyUser((String) userId, (String) clientId);
        return HttpResponses.json(200, new Me((String) userId, (String) clientId), Map.of());
    }

    /** The caller's identity. */
    @RegisterForReflection
    public record Me(String userId, String clientId) {
    }
}
