package dev.anonymousaccess.function;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.anonymousaccess.client.ClientId;
import dev.anonymousaccess.http.InvalidRequestException;
import dev.anonymousaccess.http.PublicEndpoint;
import dev.anonymousaccess.http.RequestFields;
import dev.anonymousaccess.http.TokenResponse;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.UserRegistration;
import io.quarkus.funqy.Funq;

/** {@code POST /auth/anonymous/create}: a new anonymous user and its first token pair for a client app. */
public class CreateFunction {

    @Inject
    PublicEndpoint endpoint;

    @Inject
    UserRegistration registration;

    @Funq("create")
    public APIGatewayV2HTTPResponse create(APIGatewayV2HTTPEvent event) {
        return endpoint.handle(event, request -> {
            String clientId = RequestFields.json(request).requiredString("clientId");
            String problem = ClientId.problemWith(clientId);
            if (problem != null) {
                throw new InvalidRequestException(problem);
            }
            IssuedTokens issued = registration.register(clientId, request.origin());
            return new PublicEndpoint.Answer(TokenResponse.of(issued), request.origin());
        });
    }
}
