package dev.anonymousaccess.http;

import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.UserClaim;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of a claim: the user holding the subject and, after a merge, the user merged into it and the merging
 * device's new pair ({@code token}, the shape {@code create} answers).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "userId", "subject", "mergedUserId", "token" })
public record ClaimResponse(@JsonProperty("userId") String userId, @JsonProperty("subject") String subject,
        @JsonProperty("mergedUserId") String mergedUserId, @JsonProperty("token") TokenResponse.Token token) {

    /** @param accessTokenOf what the merged device is handed as its access token */
    public static ClaimResponse of(UserClaim.Claimed claimed, Function<IssuedTokens, String> accessTokenOf) {
        return new ClaimResponse(claimed.userId(), claimed.subject(), claimed.mergedUserId().orElse(null),
                claimed.tokens().map(pair -> TokenResponse.of(pair, accessTokenOf.apply(pair)).token()).orElse(null));
    }

    @Override
    public String toString() {
        return "ClaimResponse[userId=" + userId + "]"; // neither the subject nor the tokens
    }
}
