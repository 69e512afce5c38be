package dev.anonymousaccess.function;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.client.CaptchaPolicy;
import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientId;
import dev.anonymousaccess.client.Deprecation;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.http.RequestFields;
import dev.anonymousaccess.user.Subject;

/**
 * Reads an admin invocation ({@code {"action": ..., ...}}); every accessor throws {@code invalid_request} with a
 * message that says what is wrong with the field it reads.
 */
final class AdminRequest {

    private static final Pattern USER_ID = Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> CLIENT_FIELDS = Set.of("action", "clientId", "name", "allowedOrigins", "enabled",
            "signupsPerIp", "captcha", "deprecation");
    private static final Set<String> DEPRECATION_FIELDS = Set.of("deprecatedAt", "sunsetAt", "link");
    private static final Set<String> CAPTCHA_FIELDS = Set.of("provider", "secretParameter", "failOpen");

    private final RequestFields fields;

    private AdminRequest(RequestFields fields) {
        this.fields = fields;
    }

    static AdminRequest of(JsonNode json) {
        return new AdminRequest(RequestFields.of(json));
    }

    String action() {
        String action = fields.optionalString("action");
        return action == null ? "" : action;
    }

    String clientId() {
        return ClientId.require(fields.optionalString("clientId"));
    }

    String userId() {
        String userId = fields.optionalString("userId");
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw OAuthException.invalidRequest("userId is required and must be a user id (a UUID)");
        }
        return userId;
    }

    String subject() {
        return Subject.require(fields.optionalString("subject"));
    }

    /** The client app of a putClient; unknown fields are refused, so that a misspelt field is never ignored. */
    ClientDefinition clientDefinition() {
        refuseUnknown(fields, CLIENT_FIELDS, "putClient");
        return ClientDefinition.builder().clientId(clientId()).name(fields.optionalString("name"))
                .allowedOrigins(fields.optionalStrings("allowedOrigins")).enabled(fields.optionalBoolean("enabled"))
                .signupsPerIp(fields.optionalInteger("signupsPerIp")).captcha(captcha()).deprecation(deprecation())
                .build();
    }

    private Deprecation deprecation() {
        RequestFields deprecation = fields.optionalObject("deprecation");
        if (deprecation == null) {
            return null;
        }
        refuseUnknown(deprecation, DEPRECATION_FIELDS, "deprecation");
        return Deprecation.of(deprecation.optionalString("deprecatedAt"), deprecation.optionalString("sunsetAt"),
                deprecation.optionalString("link"));
    }

    private CaptchaPolicy captcha() {
        RequestFields captcha = fields.optionalObject("captcha");
        if (captcha == null) {
            return null;
        }
        refuseUnknown(captcha, CAPTCHA_FIELDS, "captcha");
        String provider = captcha.optionalString("provider");
        CaptchaPolicy.Provider known = Arrays.stream(CaptchaPolicy.Provider.values())
                .filter(p -> p.name().equalsIgnoreCase(provider)).findFirst()
                .orElseThrow(() -> OAuthException.invalidRequest(
                        "captcha.provider must be turnstile, hcaptcha or recaptcha"));
        Boolean failOpen = captcha.optionalBoolean("failOpen");
        return new CaptchaPolicy(known, captcha.optionalString("secretParameter"), failOpen != null && failOpen);
    }

    private static void refuseUnknown(RequestFields fields, Set<String> known, String what) {
        fields.names().stream().filter(name -> !known.contains(name)).sorted().findFirst().ifPresent(name -> {
            throw OAuthException.invalidRequest("unknown field '" + name + "' for " + what);
        });
    }
}
