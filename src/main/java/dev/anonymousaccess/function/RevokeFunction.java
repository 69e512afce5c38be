package dev.anonymousaccess.function;

import java.util.Map;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.anonymousaccess.http.PublicEndpoint;
import dev.anonymousaccess.http.RevokeRequest;
import dev.anonymousaccess.user.SignOut;
import dev.anonymousaccess.observability.Invocations;
import io.quarkus.funqy.Funq;

/**
 * {@code POST /auth/anonymous/revoke} (RFC 7009): sign-out. {@code {"token": "..."}} or the form encoding, with an
 * optional {@code token_type_hint}. Answers 200 for unknown tokens too.
 */
public class RevokeFunction {

    @Inject
    PublicEndpoint endpoint;

    @Inject
    SignOut signOut;

    @Inject
    Invocations invocations;

    @Funq("revoke")
    public APIGatewayV2HTTPResponse revoke(APIGatewayV2HTTPEvent event) {
        return HttpInvocation.run(invocations, "revoke", event, invocation -> endpoint.handle(event, request -> {
            signOut.revoke(RevokeRequest.of(request).token(), invocation);
            // Revocation never hurts the token's owner, so it is not refused for an origin; the browser may read
            // the answer when some client app allows its origin.
            return new PublicEndpoint.Answer(Map.of(), endpoint.registeredOrigin(request));
        }));
    }
}
