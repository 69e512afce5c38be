package dev.anonymousaccess.function;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.client.ClientFacts;
import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.InvalidClientDefinitionException;
import dev.anonymousaccess.store.StoreUnavailableException;
import dev.anonymousaccess.user.UserAdministration;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Operator actions, invoked directly ({@code aws lambda invoke}), never routed through the public API. A bad request
 * fails the invocation with a message that says what is wrong, and writes nothing. Every action is safe to repeat.
 */
public class AdminFunction {

    private static final Logger LOG = Logger.getLogger(AdminFunction.class);

    @Inject
    ClientRegistry clients;

    @Inject
    UserAdministration users;

    @Funq("admin")
    public Object admin(JsonNode json) {
        try {
            return perform(json);
        } catch (InvocationFailure e) {
            // The runtime's own record of this failure is dropped (RefusalLogFilter): this is its one line.
            LOG.infof("admin request refused: %s", e.getMessage());
            throw e;
        }
    }

    private Object perform(JsonNode json) {
        AdminRequest request = AdminRequest.of(json);
        String action = request.action();
        try {
            Object result = switch (action) {
                case "putClient" -> ClientFacts.of(clients.put(request.clientDefinition()));
                case "getClient" -> ClientFacts.of(clients.find(request.clientId())
                        .orElseThrow(() -> new InvocationFailure("no client app " + request.clientId())));
                case "disableClient" -> ClientFacts.of(clients.disable(request.clientId())
                        .orElseThrow(() -> new InvocationFailure("no client app " + request.clientId())));
                case "getUser" -> users.find(request.userId())
                        .orElseThrow(() -> new InvocationFailure("no user " + request.userId()));
                case "revokeUser" -> users.revokeAll(request.userId())
                        .orElseThrow(() -> new InvocationFailure("no user " + request.userId()));
                case "deleteUser" -> new Erasure(request.userId(), users.erase(request.userId()));
                default -> throw new InvocationFailure("unknown action '" + action + "'; expected putClient,"
                        + " getClient, disableClient, getUser, revokeUser or deleteUser");
            };
            LOG.infof("admin %s done", action);
            return result;
        } catch (InvalidClientDefinitionException e) {
            throw new InvocationFailure(e.getMessage());
        } catch (StoreUnavailableException e) {
            LOG.errorf("admin %s failed: %s", action, e.getMessage());
            throw new InvocationFailure("DynamoDB is unavailable; the " + action
                    + " may not have taken effect, retry it later");
        }
    }

    /** The answer to deleteUser: erasure is idempotent, {@code deleted} says whether there was anything to erase. */
    @RegisterForReflection
    public record Erasure(String userId, boolean deleted) {
    }
}
