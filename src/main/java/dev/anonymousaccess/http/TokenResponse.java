package dev.anonymousaccess.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.anonymousaccess.user.IssuedTokens;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code {"token": {...}}}: the body of {@code create} and {@code refresh}; the {@link Token} itself, fields as in
 * RFC 6749 §5.1, is the body of the OAuth token endpoint.
 */
@RegisterForReflection
public record TokenResponse(@JsonProperty("token") Token token) {

    /** @param accessToken what the app is handed as the access token: the opaque token, or a JWT standing for it */
    public static TokenResponse of(IssuedTokens issued, String accessToken) {
        return new TokenResponse(new Token(accessToken, issued.expiresIn().toSeconds(), "Bearer",
                issued.refreshToken().value()));
    }

    @RegisterForReflection
    @JsonPropertyOrder({ "access_token", "expires_in", "token_type", "refresh_token" })
    public record Token(@JsonProperty("access_token") String accessToken,
            @JsonProperty("expires_in") long expiresIn,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("refresh_token") String refreshToken) {

        /** Never print the tokens. */
        @Override
        public String toString() {
            return "Token[expiresIn=" + expiresIn + "]";
        }
    }

    @Override
    public String toString() {
        return "TokenResponse[" + token + "]";
    }
}
