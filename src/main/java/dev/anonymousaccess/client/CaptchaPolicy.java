package dev.anonymousaccess.client;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A client app's bot check on {@code create}: which provider verifies the token, the SSM Parameter Store
 * {@code SecureString} that holds the provider's secret (its name only: the secret is never in the table), and whether
 * sign-ups go on while the provider is unreachable ({@code failOpen}; by default they fail closed with 503).
 */
@RegisterForReflection
public record CaptchaPolicy(Provider provider, String secretParameter, boolean failOpen) {

    /** The providers whose {@code siteverify} answer (success, hostname, error codes) is understood. */
    public enum Provider {
        TURNSTILE,
        HCAPTCHA,
        RECAPTCHA;

        /** As operators write it: {@code turnstile}. */
        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
