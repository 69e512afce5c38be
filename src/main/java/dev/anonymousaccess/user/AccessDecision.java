package dev.anonymousaccess.user;

import java.time.Instant;
import java.util.List;

/** The outcome of checking an access token: who the caller is, or why it is refused (for the log and metrics only). */
public sealed interface AccessDecision {

    /**
     * The caller is {@code userId} of {@code clientId}; {@code allowedOrigins} are that client app's browser origins
     * (canonical patterns), for downstream APIs to answer CORS without a store of their own; {@code subject} is the
     * app's permanent id of the person once the user is claimed, else null; {@code accessTokenExpiresAt} is when the
     * token stops working at the latest.
     */
    record Granted(String userId, String clientId, List<String> allowedOrigins, String subject,
            Instant accessTokenExpiresAt) implements AccessDecision {
        public Granted {
            allowedOrigins = List.copyOf(allowedOrigins);
        }
    }

    /** A refusal: {@code refusal} is the metric's reason, {@code detail} the log's (never a token). */
    record Denied(Refusal refusal, String detail) implements AccessDecision {
    }
}
