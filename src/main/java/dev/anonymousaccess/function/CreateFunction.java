package dev.anonymousaccess.function;

import java.time.Clock;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.anonymousaccess.http.CreateRequest;
import dev.anonymousaccess.http.PublicEndpoint;
import dev.anonymousaccess.http.TokenResponse;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.UserRegistration;
import dev.anonymousaccess.observability.Invocations;
import io.quarkus.funqy.Funq;

/** {@code POST /auth/anonymous/create}: a new anonymous user and its first token pair for a client app. */
public class CreateFunction {

    @Inject
    PublicEndpoint endpoint;

    @Inject
    UserRegistration registration;

    @Inject
    Invocations invocations;

    @Inject
    Clock clock;

    @Funq("create")
    public APIGatewayV2HTTPResponse create(APIGatewayV2HTTPEvent event) {
        return HttpInvocation.run(invocations, "create", event, invocation -> endpoint.handle(event, request -> {
            CreateRequest create = CreateRequest.of(request);
            IssuedTokens issued = registration.register(new UserRegistration.Signup(create.clientId(),
                    request.origin(), request.sourceIp(), create.captchaToken()), invocation);
            return new PublicEndpoint.Answer(TokenResponse.of(issued), request.origin(),
                    issued.client().deprecationHeadersAt(clock.instant()));
        }));
    }
}
