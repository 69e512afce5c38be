package dev.anonymousaccess.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered client app: the public id that browsers and mobile apps send, and the origins browsers may call
 * from. {@code signupsPerIp} limits new users per source address and window (0: no limit); {@code captcha}, when
 * present, requires a bot check on {@code create}. {@code version} guards concurrent replacement.
 */
public record ClientApp(String clientId, String name, List<String> allowedOrigins, boolean enabled,
        int signupsPerIp, CaptchaPolicy captcha, Instant createdAt, Instant updatedAt, long version,
        Deprecation deprecation, ClientCredentials credentials) {

    /** New users per source address and sign-up window, unless a client app says otherwise (Supabase's figure). */
    public static final int DEFAULT_SIGNUPS_PER_IP = 30;

    public ClientApp {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this client app's every field, to change some by name. */
    public Builder toBuilder() {
        return new Builder().clientId(clientId).name(name).allowedOrigins(allowedOrigins).enabled(enabled)
                .signupsPerIp(signupsPerIp).captcha(captcha).createdAt(createdAt).updatedAt(updatedAt).version(version)
                .deprecation(deprecation).credentials(credentials);
    }

    /** This client app, disabled at {@code now}, one version on. */
    public ClientApp disabled(Instant now) {
        return toBuilder().enabled(false).updatedAt(now).version(version + 1).build();
    }

    /** The headers that announce this app's deprecation at {@code now}; none when it is not deprecated (yet). */
    public Map<String, String> deprecationHeadersAt(Instant now) {
        return deprecation == null ? Map.of() : deprecation.headersAt(now);
    }

    /** Builds a {@link ClientApp} field by field; unset fields are null, false, an empty list or 0. */
    public static final class Builder {
        private String clientId;
        private String name;
        private List<String> allowedOrigins = List.of();
        private boolean enabled;
        private int signupsPerIp;
        private CaptchaPolicy captcha;
        private Instant createdAt;
        private Instant updatedAt;
        private long version;
        private Deprecation deprecation;
        private ClientCredentials credentials;

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

        public Builder enabled(boolean value) {
            enabled = value;
            return this;
        }

        public Builder signupsPerIp(int value) {
            signupsPerIp = value;
            return this;
        }

        public Builder captcha(CaptchaPolicy value) {
            captcha = value;
            return this;
        }

        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public Builder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        public Builder version(long value) {
            version = value;
            return this;
        }

        public Builder deprecation(Deprecation value) {
            deprecation = value;
            return this;
        }

        public Builder credentials(ClientCredentials value) {
            credentials = value;
            return this;
        }

        public ClientApp build() {
            return new ClientApp(clientId, name, allowedOrigins, enabled, signupsPerIp, captcha, createdAt, updatedAt,
                    version, deprecation, credentials);
        }
    }
}
