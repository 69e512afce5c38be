package dev.anonymousaccess.admin;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientFacts;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.error.ContentionException;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.jwt.KeySet;
import dev.anonymousaccess.jwt.SigningKeys;
import dev.anonymousaccess.lambda.InvocationFailure;
import dev.anonymousaccess.observability.Invocation;
import dev.anonymousaccess.observability.Invocations;
import dev.anonymousaccess.token.TokenCodec;
import dev.anonymousaccess.user.UserAdministration;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Operator actions, invoked directly ({@code aws lambda invoke}), never routed through the public API. A bad request
 * fails the invocation with a message that says what is wrong, and writes nothing. Every action is safe to repeat.
 */
@ApplicationScoped
public class Administration {

    private static final Logger LOG = Logger.getLogger(Administration.class);

    private final ClientRegistry clients;
    private final UserAdministration users;
    private final Invocations invocations;
    private final TokenCodec tokens;
    private final SigningKeys keys;

    Administration(ClientRegistry clients, UserAdministration users, Invocations invocations, TokenCodec tokens,
            SigningKeys keys) {
        this.clients = clients;
        this.users = users;
        this.invocations = invocations;
        this.tokens = tokens;
        this.keys = keys;
    }

    public Object perform(JsonNode json) {
        String route = json != null && json.path("action").isTextual() ? json.path("action").asText() : null;
        return invocations.run("admin", route, null, invocation -> {
            Object result = handle(json, invocation);
            invocation.succeeded();
            return result;
        });
    }

    private Object handle(JsonNode json, Invocation invocation) {
        String action = "request";
        try {
            AdminRequest request = AdminRequest.of(json);
            action = request.action();
            Object result = perform(request, invocation);
            LOG.infof("admin %s done", action);
            return result;
        } catch (OAuthException e) {
            String message = e instanceof ContentionException
                    ? "the user kept changing (other requests at the same time); the " + action
                            + " did not take effect, retry it later"
                    : e.error() == OAuthError.TEMPORARILY_UNAVAILABLE
                            ? "a store the service uses (DynamoDB, KMS) is unavailable; the " + action
                                    + " may not have taken effect, retry it later"
                            : e.getMessage();
            // The runtime's own record of this failure is dropped (RefusalLogFilter): this is its one line.
            LOG.infof("admin request refused: %s", e.logDetail());
            throw new InvocationFailure(message);
        }
    }

    private Object perform(AdminRequest request, Invocation invocation) {
        String action = request.action();
        return switch (action) {
            case "putClient" -> putClient(request.clientDefinition(), invocation);
            case "getClient" -> ClientFacts.of(clients.find(request.clientId())
                    .orElseThrow(() -> OAuthException.invalidRequest("no client app " + request.clientId())));
            case "disableClient" -> ClientFacts.of(clients.disable(request.clientId())
                    .orElseThrow(() -> OAuthException.invalidRequest("no client app " + request.clientId())));
            case "getUser" -> users.find(request.userId())
                    .orElseThrow(() -> OAuthException.invalidRequest("no user " + request.userId()));
            case "findUser" -> users.findBySubject(request.clientId(), request.subject())
                    .orElseThrow(() -> OAuthException.invalidRequest("no user of client app " + request.clientId()
                            + " holds this subject"));
            case "revokeUser" -> users.revokeAll(request.userId(), invocation)
                    .orElseThrow(() -> OAuthException.invalidRequest("no user " + request.userId()));
            case "deleteUser" -> new Erasure(request.userId(), users.erase(request.userId(), invocation));
            case "rotateClientSecret" -> rotateSecret(request.clientId());
            case "rotateSigningKeys" -> KeyFacts.of(keys.rotate(request.immediately(), invocation));
            case "getSigningKeys" -> KeyFacts.of(keys.stored());
            default -> throw OAuthException.invalidRequest("unknown action '" + action + "'; expected putClient,"
                    + " getClient, disableClient, rotateClientSecret, getUser, findUser, revokeUser, deleteUser,"
                    + " rotateSigningKeys or getSigningKeys");
        };
    }

    /** The key set as an operator sees it: each key's id, algorithm and schedule, never key material. */
    @RegisterForReflection
    public record KeyFacts(List<Key> keys) {

        static KeyFacts of(KeySet set) {
            return new KeyFacts(set.keys().stream().map(key -> new Key(key.kid(), key.algorithm().name(),
                    key.createdAt().toString(), key.signsFrom().toString(), text(key.signsUntil()),
                    text(key.publishedUntil()))).toList());
        }

        private static String text(Instant instant) {
            return instant == null ? null : instant.toString();
        }

        /** One key: published from {@code createdAt}, signing from {@code signsFrom}. */
        @RegisterForReflection
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Key(String kid, String algorithm, String publishedFrom, String signsFrom, String signsUntil,
                String publishedUntil) {
        }
    }

    /** The answer to deleteUser: erasure is idempotent, {@code deleted} says whether there was anything to erase. */
    @RegisterForReflection
    public record Erasure(String userId, boolean deleted) {
    }

    /**
     * A client app whose tokens are JWTs needs a key that signs: when it is stored, the deployment's first key is
     * published (signing at once) unless there is one. Should that fail, the action fails and is repeated; meanwhile
     * the app's sign-ups are refused with 503 before anything is written.
     */
    private ObjectNode putClient(ClientDefinition definition, Invocation invocation) {
        ClientApp app = clients.put(definition);
        if (app.settings().tokenFormat() == ClientSettings.TokenFormat.JWT) {
            keys.publishFirstKey(invocation);
        }
        return ClientFacts.of(app);
    }

    private SecretIssued rotateSecret(String clientId) {
        String secret = tokens.newClientSecret();
        return SecretIssued.of(secret, clients.rotateSecret(clientId, secret)
                .orElseThrow(() -> OAuthException.invalidRequest("no client app " + clientId)));
    }

    /**
     * The answer of rotateClientSecret: the new secret, shown this once (only its hash is kept), and until when the
     * previous one still works.
     */
    @RegisterForReflection
    public record SecretIssued(String clientId, String clientSecret, String issuedAt, String previousSecretValidUntil) {

        static SecretIssued of(String secret, ClientApp app) {
            ClientFacts.SecretFacts facts = ClientFacts.SecretFacts.of(app.credentials());
            return new SecretIssued(app.clientId(), secret, facts.issuedAt(), facts.previousSecretValidUntil());
        }

        /** Never print the secret. */
        @Override
        public String toString() {
            return "SecretIssued[clientId=" + clientId + "]";
        }
    }
}
