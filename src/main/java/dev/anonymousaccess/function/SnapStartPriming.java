package dev.anonymousaccess.function;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anonymousaccess.authorizer.AuthorizerContext;
import dev.anonymousaccess.authorizer.AuthorizerEvent;
import dev.anonymousaccess.authorizer.AuthorizerResponse;
import dev.anonymousaccess.authorizer.BearerCredential;
import dev.anonymousaccess.http.TokenResponse;
import dev.anonymousaccess.token.BearerToken;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.token.TokenHash;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.StartupEvent;

/**
 * Lambda SnapStart (the JVM packaging with {@code SnapStart=on}): before the snapshot is taken, runs the hot path once
 * on made-up input, so that restored instances start with its classes loaded and initialized. It reads and writes
 * nothing: no DynamoDB call (a connection opened now would be a stale one in every restored instance), no token drawn
 * from {@code SecureRandom}, no credential read. Quarkus's own SnapStart support preloads the application's classes.
 */
@ApplicationScoped
@Unremovable // reached only through the start-up observer's Instance
public class SnapStartPriming implements Resource {

    /** What Lambda sets while it initializes a version for SnapStart. */
    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);
    /** A well-formed access token of no user (its secret is not random: nothing here may use SecureRandom). */
    private static final String MADE_UP_TOKEN = "A" + "0".repeat(32) + "a".repeat(43);
    private static final String AUTHORIZER_EVENT = """
            {"version":"2.0","type":"REQUEST",
             "routeArn":"arn:aws:execute-api:us-east-1:123456789012:api/$default/GET/me",
             "identitySource":["Bearer %s"],"routeKey":"GET /me","rawPath":"/me",
             "headers":{"authorization":"Bearer %s"},
             "requestContext":{"http":{"method":"GET","path":"/me","sourceIp":"192.0.2.1"},"requestId":"priming"}}
            """.formatted(MADE_UP_TOKEN, MADE_UP_TOKEN);

    private final TokenCodec tokens;
    /** The mapper the Lambda runtime reads events and writes answers with. */
    private final ObjectMapper mapper;

    SnapStartPriming(TokenCodec tokens, ObjectMapper mapper) {
        this.tokens = tokens;
        this.mapper = mapper;
    }

    /**
     * Static, so that no function creates this bean (nor what it needs) at start-up unless Lambda initializes it for a
     * SnapStart snapshot.
     */
    static void onStart(@Observes StartupEvent start, Instance<SnapStartPriming> priming) {
        if ("snap-start".equals(System.getenv(INITIALIZATION_TYPE))) {
            Core.getGlobalContext().register(priming.get());
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            prime();
        } catch (RuntimeException | JsonProcessingException e) {
            // Priming only saves time: an instance restored without it works, just a little slower at first.
            LOG.warnf("SnapStart priming failed: %s", e.getClass().getName());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing captured needs renewing: see the class comment.
    }

    /** The hot path on made-up input: an authorizer event read, its token parsed and hashed, both answers written. */
    String prime() throws JsonProcessingException {
        JsonNode payload = mapper.readTree(AUTHORIZER_EVENT);
        String value = AuthorizerEvent.read(payload).flatMap(AuthorizerEvent::credential)
                .flatMap(BearerCredential::token).orElseThrow();
        BearerToken token = tokens.parse(value).orElseThrow();
        boolean matches = token.matches(TokenHash.of(value));
        AuthorizerResponse answer = AuthorizerResponse.simple(matches,
                new AuthorizerContext(token.sessionId(), "priming", List.of("https://priming.invalid")).asMap());
        String authorizer = mapper.writeValueAsString(answer);
        String created = mapper.writeValueAsString(
                new TokenResponse(new TokenResponse.Token(value, Duration.ofHours(24).toSeconds(), "Bearer", value)));
        return authorizer + created + Optional.ofNullable(payload.path("routeKey").asText(null)).orElse("");
    }
}
