package dev.anonymousaccess.authorizer;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.anonymousaccess.http.Headers;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every event API Gateway sends a Lambda authorizer: REST API TOKEN ({@code authorizationToken}, {@code methodArn}),
 * REST API REQUEST / HTTP API payload 1.0 ({@code headers}, {@code methodArn}) and HTTP API payload 2.0
 * ({@code version: "2.0"}, {@code identitySource}, {@code headers}, {@code routeArn}).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthorizerEvent(String version, String type, String authorizationToken, String methodArn,
        String routeArn,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> identitySource,
        Map<String, String> headers) {

    public boolean isHttpApiV2() {
        return "2.0".equals(version);
    }

    public boolean isTokenType() {
        return "TOKEN".equalsIgnoreCase(type);
    }

    /** The ARN the decision is about: {@code methodArn} (REST, payload 1.0) or {@code routeArn} (payload 2.0). */
    public String resourceArn() {
        return methodArn != null ? methodArn : routeArn;
    }

    /** The raw credential: the TOKEN event's token, else the Authorization header (identity source as fallback). */
    public Optional<String> credential() {
        if (isTokenType()) {
            return Optional.ofNullable(authorizationToken);
        }
        Optional<String> header = Headers.get(headers, "Authorization");
        if (header.isPresent()) {
            return header;
        }
        if (identitySource != null && identitySource.size() == 1) {
            return Optional.ofNullable(identitySource.get(0));
        }
        return Optional.empty();
    }
}
