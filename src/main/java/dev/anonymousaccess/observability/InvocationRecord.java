package dev.anonymousaccess.observability;

import java.util.Map;

/**
 * What one invocation did: the facts of its summary line and of its metrics document.
 *
 * @param outcome the HTTP status ({@code "200"}), {@code "allow"}/{@code "deny"} for the authorizer, {@code "ok"}
 *        for a direct invoke that answered, or {@code "error"} when the caller got a Lambda error
 * @param status the HTTP status answered, 0 when none
 * @param error the OAuth error code answered, or null
 * @param refusal why the authorizer refused, or null
 */
public record InvocationRecord(String function, String route, String apiRequestId, boolean coldStart, String outcome,
        int status, String error, String refusal, long latencyMillis, int dynamoDbCalls, String userId,
        String clientId, Map<Metric, Integer> counts) {
}
