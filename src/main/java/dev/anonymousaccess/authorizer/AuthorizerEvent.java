package dev.anonymousaccess.authorizer;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    /** Header names are case-insensitive: HTTP API lower-cases them, REST APIs and hand-written events may not. */
    public AuthorizerEvent {
        if (headers != null) {
            Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    byName.putIfAbsent(name, value);
                }
            });
            headers = Collections.unmodifiableMap(byName);
        }
    }

    private static final ObjectMapper READER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The event in {@code payload}, when it is a complete authorizer event; never quotes the payload anywhere. */
    public static Optional<AuthorizerEvent> read(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(READER.treeToValue(payload, AuthorizerEvent.class)).filter(AuthorizerEvent::isComplete);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean isHttpApiV2() {
        return "2.0".equals(version);
    }

    public boolean isTokenType() {
        return "TOKEN".equalsIgnoreCase(type);
    }

    /** The ARN the decision is about: {@code methodArn} (REST, payload 1.0) or {@code routeArn} (payload 2.0). */
    public String resourceArn() {
        return isHttpApiV2() ? routeArn : methodArn;
    }

    /**
     * Whether this is an event API Gateway sends: a TOKEN event or a payload 1.0 REQUEST with an execute-api
     * {@code methodArn}, or a payload 2.0 REQUEST with an execute-api {@code routeArn}. Anything else is refused
     * before a token is looked at, so no answer can ever carry a missing resource.
     */
    public boolean isComplete() {
        boolean knownType = isTokenType() || "REQUEST".equalsIgnoreCase(type);
        return knownType && (version == null || "1.0".equals(version) || isHttpApiV2())
                && !(isHttpApiV2() && isTokenType()) && ApiStageArn.of(resourceArn()).isPresent();
    }

    /** The raw credential: the TOKEN event's token, else the Authorization header (identity source as fallback). */
    public Optional<String> credential() {
        if (isTokenType()) {
            return Optional.ofNullable(authorizationToken);
        }
        String header = headers == null ? null : headers.get("Authorization");
        if (header != null) {
            return Optional.of(header);
        }
        if (identitySource != null && identitySource.size() == 1) {
            return Optional.ofNullable(identitySource.get(0));
        }
        return Optional.empty();
    }
}
