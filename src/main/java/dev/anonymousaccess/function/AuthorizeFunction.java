package dev.anonymousaccess.function;

import java.util.Map;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.authorizer.ApiStageArn;
import dev.anonymousaccess.authorizer.AuthorizerEvent;
import dev.anonymousaccess.authorizer.AuthorizerResponse;
import dev.anonymousaccess.authorizer.BearerCredential;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.config.AnonymousAccessConfig.HttpApiAuthorizerResponse;
import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.user.AccessDecision;
import dev.anonymousaccess.user.AccessTokenVerifier;
import io.quarkus.funqy.Funq;

/**
 * The API Gateway Lambda authorizer. Refusals say nothing but {@code Unauthorized} (or {@code isAuthorized: false});
 * the reason is logged, never the token. When DynamoDB cannot be read it fails with another error, so API Gateway
 * answers 500: it neither allows nor tells a live user that the token is bad.
 */
public class AuthorizeFunction {

    private static final Logger LOG = Logger.getLogger(AuthorizeFunction.class);
    static final String UNAUTHORIZED = "Unauthorized";

    @Inject
    AccessTokenVerifier verifier;

    @Inject
    AnonymousAccessConfig config;

    /**
     * Takes the raw JSON so that reading the event is this function's own business: a payload that is not an
     * authorizer event (a bare string holding a token, say) fails without the deserializer quoting it in the log.
     */
    @Funq("authorize")
    public AuthorizerResponse authorize(JsonNode payload) {
        AuthorizerEvent event = AuthorizerEvent.read(payload).orElse(null);
        if (event == null) {
            LOG.warn("refused: not a complete API Gateway authorizer event");
            throw new InvocationFailure("unsupported authorizer event");
        }
        boolean simple = event.isHttpApiV2() && config.authorizerHttpApiResponse() == HttpApiAuthorizerResponse.SIMPLE;
        AccessDecision decision = event.credential().flatMap(BearerCredential::token)
                .map(this::verify)
                .orElse(new AccessDecision.Denied("no bearer token"));
        if (decision instanceof AccessDecision.Granted granted) {
            Map<String, String> context = Map.of("userId", granted.userId(), "clientId", granted.clientId());
            return simple ? AuthorizerResponse.simple(true, context)
                    : AuthorizerResponse.allowPolicy(granted.userId(),
                            ApiStageArn.of(event.resourceArn()).orElseThrow(), context);
        }
        LOG.infof("refused: %s", ((AccessDecision.Denied) decision).reason());
        if (simple) {
            return AuthorizerResponse.simple(false, null);
        }
        throw new InvocationFailure(UNAUTHORIZED);
    }

    private AccessDecision verify(String token) {
        try {
            return verifier.verify(token);
        } catch (StoreUnavailableException e) {
            // template.yaml's AuthorizerStoreFailures metric filter matches this text.
            LOG.errorf("cannot decide, failing closed: %s", e.getMessage());
            throw new InvocationFailure("authorizer temporarily unavailable");
        }
    }
}
