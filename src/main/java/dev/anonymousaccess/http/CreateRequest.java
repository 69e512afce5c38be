package dev.anonymousaccess.http;

import java.util.Optional;

import dev.anonymousaccess.client.ClientId;

/**
 * The body of {@code POST /auth/anonymous/create}: {@code {"clientId": "...", "captchaToken": "..."}}, validated; the
 * token only for client apps with a bot check.
 */
public record CreateRequest(String clientId, Optional<String> captchaToken) {

    /** @throws dev.anonymousaccess.error.OAuthException {@code invalid_request}, saying what is wrong */
    public static CreateRequest of(HttpRequest request) {
        RequestFields fields = RequestFields.json(request);
        return new CreateRequest(ClientId.require(fields.requiredString("clientId")),
                Optional.ofNullable(fields.optionalString("captchaToken")));
    }

    @Override
    public String toString() {
        return "CreateRequest[clientId=" + clientId + "]"; // the captcha token must never reach a log
    }
}
