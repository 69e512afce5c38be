package dev.anonymousaccess.client;

import java.util.List;

import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.text.Utf8;

/**
 * What an operator registers with {@code putClient}: the client id, a display name, whether the app may get tokens,
 * and its {@link ClientSettings}. {@link #validated()} checks every field before anything is written.
 */
public record ClientDefinition(String clientId, String name, Boolean enabled, ClientSettings settings) {

    static final int MAX_NAME_LENGTH = 200;

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return this definition with defaults applied (name = client id, enabled, no settings of its own) and its
     *         settings validated
     * @throws OAuthException {@code invalid_request}, saying what is wrong
     */
    public ClientDefinition validated() {
        ClientId.require(clientId);
        String effectiveName = name == null ? clientId : name.strip();
        if (effectiveName.isEmpty() || effectiveName.length() > MAX_NAME_LENGTH || !Utf8.isWellFormed(effectiveName)) {
            throw OAuthException.invalidRequest("name must be 1 to " + MAX_NAME_LENGTH + " characters of Unicode text");
        }
        return new ClientDefinition(clientId, effectiveName, enabled == null || enabled,
                (settings == null ? ClientSettings.NONE : settings).validated());
    }

    /** Builds a definition by name; the settings' own setters are here too, for the common ones. */
    public static final class Builder {
        private String clientId;
        private String name;
        private Boolean enabled;
        private ClientSettings.Builder settings = ClientSettings.builder();

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

        public Builder enabled(Boolean value) {
            enabled = value;
            return this;
        }

        public Builder settings(ClientSettings value) {
            settings = value.toBuilder();
            return this;
        }

        public Builder allowedOrigins(List<String> value) {
            settings.allowedOrigins(value);
            return this;
        }

        public Builder signupsPerIp(Integer value) {
            settings.signupsPerIp(value);
            return this;
        }

        public Builder captcha(CaptchaPolicy value) {
            settings.captcha(value);
            return this;
        }

        public Builder deprecation(Deprecation value) {
            settings.deprecation(value);
            return this;
        }

        public ClientDefinition build() {
            return new ClientDefinition(clientId, name, enabled, settings.build());
        }
    }
}
