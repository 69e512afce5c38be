package dev.anonymousaccess.http;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.anonymousaccess.user.AccessDecision;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of an introspection (RFC 7662 §2.2): {@code {"active": false}} and nothing else for a token that is not
 * good, or is not the asking app's; for a good one, its user ({@code sub}), app, expiry, issuer (when the deployment
 * has one) and, for a claimed user, {@code subject}, the claims a JWT of the same session carries.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "active", "token_type", "client_id", "sub", "subject", "exp", "iss" })
public record IntrospectionResponse(@JsonProperty("active") boolean active,
        @JsonProperty("token_type") String tokenType, @JsonProperty("client_id") String clientId,
        @JsonProperty("sub") String sub, @JsonProperty("subject") String subject, @JsonProperty("exp") Long exp,
        @JsonProperty("iss") String iss) {

    /** What every token that is not good answers: RFC 7662 §2.2 says no more, so nothing tells why. */
    public static final IntrospectionResponse INACTIVE = new IntrospectionResponse(false, null, null, null, null, null,
            null);

    public static IntrospectionResponse active(AccessDecision.Granted granted, Optional<String> issuer) {
        return new IntrospectionResponse(true, "Bearer", granted.clientId(), granted.userId(), granted.subject(),
                granted.accessTokenExpiresAt().getEpochSecond(), issuer.orElse(null));
    }

    @Override
    public String toString() {
        return "IntrospectionResponse[active=" + active + "]"; // never the user or the subject
    }
}
