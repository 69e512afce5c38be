package dev.anonymousaccess.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A client app as operators see it ({@code getClient}, and the answer of every change): its id, name, whether it is
 * enabled, its effective settings in the form {@code putClient} takes them, when it was created and changed, and when
 * its backend's secret was issued. Never a secret or its hash. Times are ISO-8601.
 */
public final class ClientFacts {

    private ClientFacts() {
    }

    /** @param app a client app as the registry hands it out (effective settings) */
    public static ObjectNode of(ClientApp app) {
        ObjectNode facts = JsonNodeFactory.instance.objectNode();
        facts.put("clientId", app.clientId());
        facts.put("name", app.name());
        facts.put("enabled", app.enabled());
        facts.setAll(ClientSettingsJson.toJson(app.settings()));
        facts.put("createdAt", app.createdAt().toString());
        facts.put("updatedAt", app.updatedAt().toString());
        SecretFacts secret = SecretFacts.of(app.credentials());
        if (secret != null) {
            ObjectNode backendSecret = facts.putObject("backendSecret");
            backendSecret.put("issuedAt", secret.issuedAt());
            if (secret.previousSecretValidUntil() != null) {
                backendSecret.put("previousSecretValidUntil", secret.previousSecretValidUntil());
            }
        }
        return facts;
    }

    /** When the backend's secret was issued, and until when the previous one works: never a secret or its hash. */
    @RegisterForReflection
    public record SecretFacts(String issuedAt, String previousSecretValidUntil) {
        public static SecretFacts of(ClientCredentials credentials) {
            if (credentials == null) {
                return null;
            }
            return new SecretFacts(credentials.issuedAt().toString(),
                    credentials.previousValidUntil() == null ? null : credentials.previousValidUntil().toString());
        }
    }
}
