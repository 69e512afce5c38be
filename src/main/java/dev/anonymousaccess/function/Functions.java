package dev.anonymousaccess.function;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.admin.Administration;
import dev.anonymousaccess.authorizer.Authorizer;
import dev.anonymousaccess.authorizer.AuthorizerResponse;
import dev.anonymousaccess.http.DiscoveryEndpoint;
import dev.anonymousaccess.http.MeEndpoint;
import dev.anonymousaccess.http.TokenEndpoints;
import io.quarkus.funqy.Funq;

/**
 * Every function of the service, each one call into what answers it; each deployed function exports one
 * ({@code quarkus.funqy.export}). What they call is application-scoped, so a function creates only what its own
 * export uses.
 */
public class Functions {

    @Inject
    TokenEndpoints tokens;

    @Inject
    MeEndpoint me;

    @Inject
    DiscoveryEndpoint discovery;

    @Inject
    Authorizer authorizer;

    @Inject
    Administration administration;

    @Inject
    LifecycleStream lifecycle;

    /** {@code POST /auth/anonymous/create}: a new anonymous user and its first token pair. */
    @Funq("create")
    public APIGatewayV2HTTPResponse create(APIGatewayV2HTTPEvent event) {
        return tokens.create(event);
    }

    /** {@code POST /auth/anonymous/refresh}: a new token pair for a refresh token. */
    @Funq("refresh")
    public APIGatewayV2HTTPResponse refresh(APIGatewayV2HTTPEvent event) {
        return tokens.refresh(event);
    }

    /** {@code POST /auth/anonymous/claim}: an app's backend keeps an anonymous user. */
    @Funq("claim")
    public APIGatewayV2HTTPResponse claim(APIGatewayV2HTTPEvent event) {
        return tokens.claim(event);
    }

    /** {@code POST /auth/anonymous/revoke}: sign-out (RFC 7009). */
    @Funq("revoke")
    public APIGatewayV2HTTPResponse revoke(APIGatewayV2HTTPEvent event) {
        return tokens.revoke(event);
    }

    /** {@code POST /oauth/introspect}: an app's backend asks whether an access token is good (RFC 7662). */
    @Funq("introspect")
    public APIGatewayV2HTTPResponse introspect(APIGatewayV2HTTPEvent event) {
        return tokens.introspect(event);
    }

    /** {@code GET /me}: the example downstream API. */
    @Funq("me")
    public APIGatewayV2HTTPResponse me(APIGatewayV2HTTPEvent event) {
        return me.answer(event);
    }

    /**
     * {@code GET /.well-known/openid-configuration} (and RFC 8414's {@code /.well-known/oauth-authorization-server})
     * and {@code GET /.well-known/jwks.json}: the metadata and the published keys.
     */
    @Funq("discovery")
    public APIGatewayV2HTTPResponse discovery(APIGatewayV2HTTPEvent event) {
        return discovery.answer(event);
    }

    /**
     * The API Gateway Lambda authorizer. Takes the raw JSON so that reading the event is the authorizer's own
     * business: a payload that is not an authorizer event fails without the deserializer quoting it in the log.
     */
    @Funq("authorize")
    public AuthorizerResponse authorize(JsonNode payload) {
        return authorizer.authorize(payload);
    }

    /**
     * The table's DynamoDB stream: every transition of a user, published on the event bus (Lambda's event source
     * mapping, with partial batch responses). Takes the raw JSON, so that the batch is read in order, as a whole.
     */
    @Funq("lifecycle")
    public LifecycleStream.BatchResponse lifecycle(JsonNode batch) {
        return lifecycle.publish(batch);
    }

    /**
     * Nothing at all: the cold-start benchmark's floor (the runtime and Quarkus starting and one event answered, none
     * of this service's work). The template deploys no function that exports it.
     */
    @Funq("empty")
    public void empty() {
        // The floor does nothing by definition.
    }

    /** Operator actions, invoked directly ({@code aws lambda invoke}). */
    @Funq("admin")
    public Object admin(JsonNode request) {
        return administration.perform(request);
    }
}
