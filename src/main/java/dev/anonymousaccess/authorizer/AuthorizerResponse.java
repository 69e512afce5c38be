package dev.anonymousaccess.authorizer;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What an authorizer answers: an IAM policy ({@code principalId}, {@code policyDocument}, {@code context}) or an HTTP
 * API simple response ({@code isAuthorized}, {@code context}). Absent parts are left out.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthorizerResponse(@JsonProperty("principalId") String principalId,
        @JsonProperty("policyDocument") PolicyDocument policyDocument,
        @JsonProperty("isAuthorized") Boolean isAuthorized,
        @JsonProperty("context") Map<String, String> context) {

    public static AuthorizerResponse allowPolicy(String principalId, String resource, Map<String, String> context) {
        return new AuthorizerResponse(principalId, new PolicyDocument("2012-10-17",
                List.of(new Statement("execute-api:Invoke", "Allow", resource))), null, context);
    }

    public static AuthorizerResponse simple(boolean authorized, Map<String, String> context) {
        return new AuthorizerResponse(null, null, authorized, context);
    }

    @RegisterForReflection
    public record PolicyDocument(@JsonProperty("Version") String version,
            @JsonProperty("Statement") List<Statement> statement) {
    }

    @RegisterForReflection
    public record Statement(@JsonProperty("Action") String action, @JsonProperty("Effect") String effect,
            @JsonProperty("Resource") String resource) {
    }
}
