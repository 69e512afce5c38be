package dev.anonymousaccess.function;

import java.util.Optional;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.http.BasicCredentials;
import dev.anonymousaccess.http.ClaimRequest;
import dev.anonymousaccess.http.ClaimResponse;
import dev.anonymousaccess.http.PublicEndpoint;
import dev.anonymousaccess.observability.Invocations;
import dev.anonymousaccess.user.UserClaim;
import io.quarkus.funqy.Funq;

/**
 * {@code POST /auth/anonymous/claim}: an app's backend, authenticated with its client secret (HTTP Basic), claims the
 * anonymous user whose access token the app's client holds for the person's permanent id, or merges it into the user
 * that already holds that id. Never from a browser.
 */
public class ClaimFunction {

    @Inject
    PublicEndpoint endpoint;

    @Inject
    ClientRegistry clients;

    @Inject
    UserClaim claims;

    @Inject
    Invocations invocations;

    @Funq("claim")
    public APIGatewayV2HTTPResponse claim(APIGatewayV2HTTPEvent event) {
        return HttpInvocation.run(invocations, "claim", event, invocation -> endpoint.handleBackendOnly(event,
                request -> {
                    BasicCredentials credentials = BasicCredentials.of(request);
                    ClientApp app = clients.authenticateBackend(credentials.clientId(), credentials.secret());
                    ClaimRequest claim = ClaimRequest.of(request);
                    UserClaim.Claimed claimed = claims.claim(app, claim.accessToken(), claim.subject(), invocation);
                    return new PublicEndpoint.Answer(ClaimResponse.of(claimed), Optional.empty());
                }));
    }
}
