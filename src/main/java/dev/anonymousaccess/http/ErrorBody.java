package dev.anonymousaccess.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The error body of RFC 6749 §5.2: what an {@link dev.anonymousaccess.error.OAuthException} answers. */
@RegisterForReflection
@JsonPropertyOrder({ "error", "error_description" })
public record ErrorBody(@JsonProperty("error") String error,
        @JsonProperty("error_description") String errorDescription) {
}
