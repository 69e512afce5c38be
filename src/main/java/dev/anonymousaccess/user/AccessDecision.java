package dev.anonymousaccess.user;

/** The outcome of checking an access token: who the caller is, or why it is refused (for the log only). */
public sealed interface AccessDecision {

    record Granted(String userId, String clientId) implements AccessDecision {
    }

    record Denied(String reason) implements AccessDecision {
    }
}
