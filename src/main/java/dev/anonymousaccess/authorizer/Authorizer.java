package dev.anonymousaccess.authorizer;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.config.AnonymousAccessConfig.HttpApiAuthorizerResponse;
import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.lambda.InvocationFailure;
import dev.anonymousaccess.observability.Invocation;
import dev.anonymousaccess.observability.Invocations;
import dev.anonymousaccess.user.AccessDecision;
import dev.anonymousaccess.user.AccessTokenVerifier;
import dev.anonymousaccess.user.Refusal;

/**
 * The API Gateway Lambda authorizer. Refusals say nothing but {@code Unauthorized} (or {@code isAuthorized: false});
 * the reason is logged, never the token. When DynamoDB cannot be read it fails with another error, so API Gateway
 * answers 500: it neither allows nor tells a live user that the token is bad.
 */
@ApplicationScoped
public class Authorizer {

    private static final Logger LOG = Logger.getLogger(Authorizer.class);
    static final String UNAUTHORIZED = "Unauthorized";

    private final AccessTokenVerifier verifier;
    private final HttpApiAuthorizerResponse httpApiResponse;
    private final Invocations invocations;

    Authorizer(AccessTokenVerifier verifier, AnonymousAccessConfig config, Invocations invocations) {
        this.verifier = verifier;
        this.httpApiResponse = config.authorizerHttpApiResponse();
        this.invocations = invocations;
    }

    /**
     * Takes the raw JSON so that reading the event is this function's own business: a payload that is not an
     * authorizer event (a bare string holding a token, say) fails without the deserializer quoting it in the log.
     */
    public AuthorizerResponse authorize(JsonNode payload) {
        String route = payload == null ? null : payload.path("routeKey").asText(null);
        String apiRequestId = payload == null ? null : payload.path("requestContext").path("requestId").asText(null);
        return invocations.run("authorize", route, apiRequestId, invocation -> decide(payload, invocation));
    }

    private AuthorizerResponse decide(JsonNode payload, Invocation invocation) {
        AuthorizerEvent event = AuthorizerEvent.read(payload).orElse(null);
        if (event == null) {
            LOG.warn("refused: not a complete API Gateway authorizer event");
            invocation.refused(Refusal.NO_TOKEN.code());
            throw new InvocationFailure("unsupported authorizer event");
        }
        boolean simple = event.isHttpApiV2() && httpApiResponse == HttpApiAuthorizerResponse.SIMPLE;
        AccessDecision decision = event.credential().flatMap(BearerCredential::token)
                .map(token -> verify(token, invocation))
                .orElse(new AccessDecision.Denied(Refusal.NO_TOKEN, "no bearer token"));
        if (decision instanceof AccessDecision.Granted granted) {
            invocation.allowed();
            Map<String, String> context = new AuthorizerContext(granted.userId(), granted.clientId(),
                    granted.allowedOrigins(), Optional.ofNullable(granted.subject())).asMap();
            return simple ? AuthorizerResponse.simple(true, context)
                    : AuthorizerResponse.allowPolicy(granted.userId(),
                            ApiStageArn.of(event.resourceArn()).orElseThrow(), context);
        }
        AccessDecision.Denied denied = (AccessDecision.Denied) decision;
        LOG.infof("refused: %s", denied.detail());
        invocation.refused(denied.refusal().code());
        if (simple) {
            return AuthorizerResponse.simple(false, null);
        }
        throw new InvocationFailure(UNAUTHORIZED);
    }

    private AccessDecision verify(String token, Invocation invocation) {
        try {
            return verifier.verify(token, invocation);
        } catch (StoreUnavailableException e) {
            LOG.errorf("cannot decide, failing closed: %s", e.logDetail());
            throw new InvocationFailure("authorizer temporarily unavailable");
        }
    }
}
