package dev.anonymousaccess.client;

import java.util.List;
import java.util.Locale;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A client app as operators see it. Times are ISO-8601. */
@RegisterForReflection
public record ClientFacts(String clientId, String name, List<String> allowedOrigins, boolean enabled,
        int signupsPerIp, Captcha captcha, String createdAt, String updatedAt, DeprecationFacts deprecation,
        SecretFacts backendSecret) {

    public static ClientFacts of(ClientApp app) {
        CaptchaPolicy captcha = app.captcha();
        return new ClientFacts(app.clientId(), app.name(), app.allowedOrigins(), app.enabled(), app.signupsPerIp(),
                captcha == null ? null : new Captcha(captcha.provider().name().toLowerCase(Locale.ROOT),
                        captcha.secretParameter(), captcha.failOpen()),
                app.createdAt().toString(), app.updatedAt().toString(), DeprecationFacts.of(app.deprecation()),
                SecretFacts.of(app.credentials()));
    }

    /** When the backend's secret was issued, and until when the previous one works: never a secret or its hash. */
    @RegisterForReflection
    public record SecretFacts(String issuedAt, String previousSecretValidUntil) {
        static SecretFacts of(ClientCredentials credentials) {
            if (credentials == null) {
                return null;
            }
            return new SecretFacts(credentials.issuedAt().toString(),
                    credentials.previousValidUntil() == null ? null : credentials.previousValidUntil().toString());
        }
    }

    /** The end of anonymous access, as announced; null members are not announced. */
    @RegisterForReflection
    public record DeprecationFacts(String deprecatedAt, String sunsetAt, String link) {
        static DeprecationFacts of(Deprecation deprecation) {
            if (deprecation == null) {
                return null;
            }
            return new DeprecationFacts(deprecation.deprecatedAt().toString(),
                    deprecation.sunsetAt() == null ? null : deprecation.sunsetAt().toString(),
                    deprecation.link() == null ? null : deprecation.link().toString());
        }
    }

    /** The bot check: its provider and where its secret is kept (the parameter's name, never its value). */
    @RegisterForReflection
    public record Captcha(String provider, String secretParameter, boolean failOpen) {
    }
}
