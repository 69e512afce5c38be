package dev.anonymousaccess.http;

import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.user.Subject;

/**
 * The body of {@code POST /auth/anonymous/claim}, JSON or form-encoded: the anonymous user's current access token
 * and the app's permanent id of the person (the subject).
 */
public record ClaimRequest(String accessToken, String subject) {

    /** @throws OAuthException {@code invalid_request} when a field is missing or the subject is not acceptable */
    public static ClaimRequest of(HttpRequest request) {
        RequestFields fields = RequestFields.jsonOrForm(request);
        String accessToken = fields.requiredString("access_token");
        return new ClaimRequest(accessToken, Subject.require(fields.optionalString("subject")));
    }

    @Override
    public String toString() {
        return "ClaimRequest[]"; // the token and the subject (personal data) must never reach a log
    }
}
