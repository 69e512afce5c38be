package dev.anonymousaccess.client;

import java.time.Instant;
import java.util.Map;

/**
 * A registered client app: the public id that browsers and mobile apps send, whether it may get tokens, its
 * {@link ClientSettings}, and its backend's credentials. {@code version} guards concurrent replacement.
 * <p>
 * As stored, {@code settings} hold what the operator set; as {@link ClientRegistry} hands an app out, they are
 * effective: every unset one filled with the deployment's default.
 */
public record ClientApp(String clientId, String name, boolean enabled, ClientSettings settings,
        ClientCredentials credentials, Instant createdAt, Instant updatedAt, long version) {

    public ClientApp {
        settings = settings == null ? ClientSettings.NONE : settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this client app's every field, to change some by name. */
    public Builder toBuilder() {
        return new Builder().clientId(clientId).name(name).enabled(enabled).settings(settings)
                .credentials(credentials).createdAt(createdAt).updatedAt(updatedAt).version(version);
    }

    /** This client app, disabled at {@code now}, one version on. */
    public ClientApp disabled(Instant now) {
        return toBuilder().enabled(false).updatedAt(now).version(version + 1).build();
    }

    /** This client app with every unset setting taken from {@code defaults}. */
    ClientApp withDefaults(ClientSettings defaults) {
        return toBuilder().settings(settings.orDefaults(defaults)).build();
    }

    /** The headers that announce this app's deprecation at {@code now}; none when it is not deprecated (yet). */
    public Map<String, String> deprecationHeadersAt(Instant now) {
        return settings.deprecation() == null ? Map.of() : settings.deprecation().headersAt(now);
    }

    /** Builds a {@link ClientApp} field by field; unset fields are null, false, no settings or 0. */
    public static final class Builder {
        private String clientId;
        private String name;
        private boolean enabled;
        private ClientSettings settings;
        private ClientCredentials credentials;
        private Instant createdAt;
        private Instant updatedAt;
        private long version;

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

        public Builder enabled(boolean value) {
            enabled = value;
            return this;
        }

        public Builder settings(ClientSettings value) {
            settings = value;
            return this;
        }

        public Builder credentials(ClientCredentials value) {
            credentials = value;
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

        public ClientApp build() {
            return new ClientApp(clientId, name, enabled, settings, credentials, createdAt, updatedAt, version);
        }
    }
}
