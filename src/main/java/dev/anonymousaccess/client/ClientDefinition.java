package dev.anonymousaccess.client;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.text.Utf8;

/**
 * What an operator asks to register. {@link #validated()} checks every field and normalizes the origins before
 * anything is written.
 */
public record ClientDefinition(String clientId, String name, List<String> allowedOrigins, Boolean enabled,
        Integer signupsPerIp, CaptchaPolicy captcha, Deprecation deprecation) {

    /** Bounded so that a client app and its origin index fit in one DynamoDB transaction (100 actions). */
    public static final int MAX_ALLOWED_ORIGINS = 40;
    static final int MAX_NAME_LENGTH = 200;
    /** Bounded so that a sign-up counter (which remembers each sign-up it counted) stays a small item. */
    public static final int MAX_SIGNUPS_PER_IP = 1000;

    /** SSM parameter names: letters, digits and {@code _.-/}, at most 1011 characters. */
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_./-]{1,1011}");

    public static Builder builder() {
        return new Builder();
    }

    /** This definition, announcing the end of its anonymous access. */
    public ClientDefinition withDeprecation(Deprecation announced) {
        return new ClientDefinition(clientId, name, allowedOrigins, enabled, signupsPerIp, captcha, announced);
    }

    /**
     * @return this definition with defaults applied (name = client id, no origins, enabled, 30 sign-ups per source
     *         address and window, no bot check) and origins in canonical form, without duplicates
     * @throws OAuthException {@code invalid_request}, saying what is wrong
     */
    public ClientDefinition validated() {
        ClientId.require(clientId);
        String effectiveName = name == null ? clientId : name.strip();
        if (effectiveName.isEmpty() || effectiveName.length() > MAX_NAME_LENGTH || !Utf8.isWellFormed(effectiveName)) {
            throw OAuthException.invalidRequest("name must be 1 to " + MAX_NAME_LENGTH + " characters of Unicode text");
        }
        List<String> origins = allowedOrigins == null ? List.of() : allowedOrigins;
        if (origins.size() > MAX_ALLOWED_ORIGINS) {
            throw OAuthException.invalidRequest(
                    "at most " + MAX_ALLOWED_ORIGINS + " allowed origins per client app");
        }
        Set<String> canonical = new LinkedHashSet<>();
        for (String origin : origins) {
            try {
                canonical.add(AllowedOrigin.parse(origin).canonical());
            } catch (IllegalArgumentException e) {
                throw OAuthException.invalidRequest(e.getMessage());
            }
        }
        int limit = signupsPerIp == null ? ClientApp.DEFAULT_SIGNUPS_PER_IP : signupsPerIp;
        if (limit < 0 || limit > MAX_SIGNUPS_PER_IP) {
            throw OAuthException.invalidRequest("signupsPerIp must be 0 (no limit) to " + MAX_SIGNUPS_PER_IP);
        }
        if (captcha != null && (captcha.provider() == null || captcha.secretParameter() == null
                || !PARAMETER_NAME.matcher(captcha.secretParameter()).matches())) {
            throw OAuthException.invalidRequest("captcha needs a provider (turnstile, hcaptcha or recaptcha) and a"
                    + " secretParameter naming the SSM SecureString that holds the provider's secret");
        }
        return new ClientDefinition(clientId, effectiveName, List.copyOf(canonical), enabled == null || enabled, limit,
                captcha, deprecation);
    }

    /** Builds a definition field by field; what is left unset takes its default at {@link #validated()}. */
    public static final class Builder {
        private String clientId;
        private String name;
        private List<String> allowedOrigins;
        private Boolean enabled;
        private Integer signupsPerIp;
        private CaptchaPolicy captcha;
        private Deprecation deprecation;

        private Builder() {
        }

        public Builder clientId(String value) {
            clientId = value;
            return this;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder allowedOrigins(List<String> value) {
            allowedOrigins = value;
            return this;
        }

        public Builder enabled(Boolean value) {
            enabled = value;
            return this;
        }

        public Builder signupsPerIp(Integer value) {
            signupsPerIp = value;
            return this;
        }

        public Builder captcha(CaptchaPolicy value) {
            captcha = value;
            return this;
        }

        public Builder deprecation(Deprecation value) {
            deprecation = value;
            return this;
        }

        public ClientDefinition build() {
            return new ClientDefinition(clientId, name, allowedOrigins, enabled, signupsPerIp, captcha, deprecation);
        }
    }
}
