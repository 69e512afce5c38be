package dev.anonymousaccess.user;

/** The outcome of checking an access token: who the caller is, or why it is refused (for the log and metrics only). */
public sealed interface AccessDecision {

    record Granted(String userId, String clientId) implements AccessDecision {
    }

    /** A refusal: {@code refusal} is the metric's reason, {@code detail} the log's (never a token). */
    record Denied(Refusal refusal, String detail) implements AccessDecision {
    }
}
