package dev.anonymousaccess.function;

import java.time.Clock;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.anonymousaccess.http.PublicEndpoint;
import dev.anonymousaccess.http.RefreshRequest;
import dev.anonymousaccess.http.TokenResponse;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.RefreshTokenRotation;
import dev.anonymousaccess.observability.Invocations;
import io.quarkus.funqy.Funq;

/**
 * {@code POST /auth/anonymous/refresh}: a new token pair for a refresh token, as JSON
 * ({@code {"refresh_token": "..."}}) or as the RFC 6749 §6 form.
 */
public class RefreshFunction {

    @Inject
    PublicEndpoint endpoint;

    @Inject
    RefreshTokenRotation rotation;

    @Inject
    Invocations invocations;

    @Inject
    Clock clock;

    @Funq("refresh")
    public APIGatewayV2HTTPResponse refresh(APIGatewayV2HTTPEvent event) {
        return HttpInvocation.run(invocations, "refresh", event, invocation -> endpoint.handle(event, request -> {
            String refreshToken = RefreshRequest.of(request).refreshToken();
            IssuedTokens issued = rotation.refresh(refreshToken, request.origin(), invocation);
            return new PublicEndpoint.Answer(TokenResponse.of(issued), request.origin(),
                    issued.client().deprecationHeadersAt(clock.instant()));
        }));
    }
}
