package dev.anonymousaccess.client;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

import dev.anonymousaccess.error.OAuthException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything a client app decides for itself, as one value (the style of Spring Authorization Server's
 * {@code RegisteredClient.getTokenSettings()}): set by the admin action {@code putClient}, stored as one attribute,
 * shown by {@code getClient}. A setting left unset (null) follows the deployment's default ({@link #orDefaults}), so an
 * app that sets nothing behaves as the deployment is configured.
 * <p>
 * Adding a setting: a component here, its range in {@link #validated()}, its default in {@link #orDefaults} (and in
 * {@code config.Wiring} when the deployment chooses it), then the rule that reads it. Parsing, storage and display
 * follow from the component ({@link ClientSettingsJson}).
 *
 * @param allowedOrigins browser origins that may call the public endpoints for this app (exact or
 *        {@code https://*.} wildcards); none: no browser
 * @param signupsPerIp new users per source address and sign-up window; 0: no limit
 * @param captcha the bot check on {@code create}, or none
 * @param deprecation the announced end of anonymous access, or none
 * @param inactivityPeriod an anonymous user without any request for this long is gone (1 to 365 days)
 * @param accessTokenLifetime how long an access token works after it was issued (5 minutes to 24 hours)
 * @param refreshRetryWindow how long the previous refresh token answers the same new pair again (0 to 60 seconds)
 * @param tokenFormat what its access tokens are: opaque (checked by this service) or JWTs (verifiable offline)
 * @param audience the {@code aud} of its JWTs, when not the deployment's
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "allowedOrigins", "signupsPerIp", "captcha", "deprecation", "inactivityPeriod",
        "accessTokenLifetime", "refreshRetryWindow", "tokenFormat", "audience" })
public record ClientSettings(List<String> allowedOrigins, Integer signupsPerIp, CaptchaPolicy captcha,
        Deprecation deprecation, Duration inactivityPeriod, Duration accessTokenLifetime, Duration refreshRetryWindow,
        TokenFormat tokenFormat, String audience) {

    /** Bounded so that a client app and its origin index fit in one DynamoDB transaction (100 actions). */
    public static final int MAX_ALLOWED_ORIGINS = 40;
    /** Bounded so that a sign-up counter (which remembers each sign-up it counted) stays a small item. */
    public static final int MAX_SIGNUPS_PER_IP = 1000;
    /** New users per source address and sign-up window, unless a client app says otherwise (Supabase's figure). */
    public static final int DEFAULT_SIGNUPS_PER_IP = 30;
    static final Duration MIN_INACTIVITY = Duration.ofDays(1);
    static final Duration MAX_INACTIVITY = Duration.ofDays(365);
    static final Duration MIN_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);
    /** The longest access-token lifetime an app may set: how long a retired signing key stays published. */
    public static final Duration MAX_ACCESS_TOKEN_LIFETIME = Duration.ofHours(24);
    static final Duration MAX_REFRESH_RETRY_WINDOW = Duration.ofSeconds(60);
    static final int MAX_AUDIENCE_LENGTH = 256;
    /** SSM parameter names: letters, digits and {@code _.-/}, at most 1011 characters. */
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_./-]{1,1011}");

    public ClientSettings {
        allowedOrigins = allowedOrigins == null ? null : List.copyOf(allowedOrigins);
    }

    /** What a client app's access tokens are. */
    public enum TokenFormat {
        /** Opaque: only this service (its authorizer, {@code /me}) can tell whether one is good. */
        OPAQUE,
        /** A signed JWT (RFC 9068) that any backend verifies offline with the published keys. */
        JWT;

        /** As operators write it: {@code opaque}, {@code jwt}. */
        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Nothing set: every setting follows the deployment's default. */
    public static final ClientSettings NONE = builder().build();

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some by name. */
    public Builder toBuilder() {
        return new Builder().allowedOrigins(allowedOrigins).signupsPerIp(signupsPerIp).captcha(captcha)
                .deprecation(deprecation).inactivityPeriod(inactivityPeriod).accessTokenLifetime(accessTokenLifetime)
                .refreshRetryWindow(refreshRetryWindow).tokenFormat(tokenFormat).audience(audience);
    }

    /**
     * The deployment's defaults: what an app that sets nothing gets. The token policy and the JWT audience come from
     * configuration; no origins, 30 sign-ups per source address and window, no bot check, no deprecation, opaque
     * access tokens.
     */
    public static ClientSettings defaults(Duration inactivityPeriod, Duration accessTokenLifetime,
            Duration refreshRetryWindow, String audience) {
        return new ClientSettings(List.of(), DEFAULT_SIGNUPS_PER_IP, null, null, inactivityPeriod, accessTokenLifetime,
                refreshRetryWindow, TokenFormat.OPAQUE, audience);
    }

    /** These settings, with every unset one taken from {@code defaults}: what the rules apply. */
    public ClientSettings orDefaults(ClientSettings defaults) {
        return new ClientSettings(allowedOrigins != null ? allowedOrigins : defaults.allowedOrigins,
                signupsPerIp != null ? signupsPerIp : defaults.signupsPerIp,
                captcha != null ? captcha : defaults.captcha,
                deprecation != null ? deprecation : defaults.deprecation,
                inactivityPeriod != null ? inactivityPeriod : defaults.inactivityPeriod,
                accessTokenLifetime != null ? accessTokenLifetime : defaults.accessTokenLifetime,
                refreshRetryWindow != null ? refreshRetryWindow : defaults.refreshRetryWindow,
                tokenFormat != null ? tokenFormat : defaults.tokenFormat,
                audience != null ? audience : defaults.audience);
    }

    /**
     * @return these settings with origins in canonical form, without duplicates
     * @throws OAuthException {@code invalid_request}, naming the setting and its range
     */
    public ClientSettings validated() {
        List<String> origins = null;
        if (allowedOrigins != null) {
            if (allowedOrigins.size() > MAX_ALLOWED_ORIGINS) {
                throw OAuthException.invalidRequest("at most " + MAX_ALLOWED_ORIGINS + " allowed origins per client app");
            }
            Set<String> canonical = new LinkedHashSet<>();
            for (String origin : allowedOrigins) {
                try {
                    canonical.add(AllowedOrigin.parse(origin).canonical());
                } catch (IllegalArgumentException e) {
                    throw OAuthException.invalidRequest(e.getMessage());
                }
            }
            origins = List.copyOf(canonical);
        }
        if (signupsPerIp != null && (signupsPerIp < 0 || signupsPerIp > MAX_SIGNUPS_PER_IP)) {
            throw OAuthException.invalidRequest("signupsPerIp must be 0 (no limit) to " + MAX_SIGNUPS_PER_IP);
        }
        if (captcha != null && (captcha.provider() == null || captcha.secretParameter() == null
                || !PARAMETER_NAME.matcher(captcha.secretParameter()).matches())) {
            throw OAuthException.invalidRequest("captcha needs a provider (turnstile, hcaptcha or recaptcha) and a"
                    + " secretParameter naming the SSM SecureString that holds the provider's secret");
        }
        if (deprecation != null) {
            deprecation.validate();
        }
        requireWithin("inactivityPeriod", inactivityPeriod, MIN_INACTIVITY, MAX_INACTIVITY, "P1D to P365D");
        requireWithin("accessTokenLifetime", accessTokenLifetime, MIN_ACCESS_TOKEN_LIFETIME,
                MAX_ACCESS_TOKEN_LIFETIME, "PT5M to PT24H");
        requireWithin("refreshRetryWindow", refreshRetryWindow, Duration.ZERO, MAX_REFRESH_RETRY_WINDOW,
                "PT0S to PT60S");
        if (audience != null && (audience.isBlank() || audience.length() > MAX_AUDIENCE_LENGTH
                || !audience.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw OAuthException.invalidRequest("audience must be 1 to " + MAX_AUDIENCE_LENGTH
                    + " printable ASCII characters (a URL or a name, as the downstream APIs expect it)");
        }
        return toBuilder().allowedOrigins(origins).build();
    }

    private static void requireWithin(String name, Duration value, Duration min, Duration max, String range) {
        if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0 || value.getNano() != 0)) {
            throw OAuthException.invalidRequest(name + " must be " + range + " in whole seconds");
        }
    }

    /** Builds settings by name; what is left unset follows the deployment's default. */
    public static final class Builder {
        private List<String> allowedOrigins;
        private Integer signupsPerIp;
        private CaptchaPolicy captcha;
        private Deprecation deprecation;
        private Duration inactivityPeriod;
        private Duration accessTokenLifetime;
        private Duration refreshRetryWindow;
        private TokenFormat tokenFormat;
        private String audience;

        private Builder() {
        }

        public Builder allowedOrigins(List<String> value) {
            allowedOrigins = value;
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

        public Builder inactivityPeriod(Duration value) {
            inactivityPeriod = value;
            return this;
        }

        public Builder accessTokenLifetime(Duration value) {
            accessTokenLifetime = value;
            return this;
        }

        public Builder refreshRetryWindow(Duration value) {
            refreshRetryWindow = value;
            return this;
        }

        public Builder tokenFormat(TokenFormat value) {
            tokenFormat = value;
            return this;
        }

        public Builder audience(String value) {
            audience = value;
            return this;
        }

        public ClientSettings build() {
            return new ClientSettings(allowedOrigins, signupsPerIp, captcha, deprecation, inactivityPeriod,
                    accessTokenLifetime, refreshRetryWindow, tokenFormat, audience);
        }
    }
}
