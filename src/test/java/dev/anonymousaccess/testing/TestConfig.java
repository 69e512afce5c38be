package dev.anonymousaccess.testing;

import java.net.URI;
import java.time.Duration;

import dev.anonymousaccess.config.AnonymousAccessConfig;

/** The defaults of {@code application.properties}, for wiring the rules without Quarkus. */
public record TestConfig(String tableName, Duration accessTokenLifetime, Duration inactivityPeriod,
        Duration lifetimeRefreshInterval, Duration authorizerCacheTtl, Duration refreshRetryWindow,
        Duration clientCacheTtl, Duration signupWindow, Captcha captcha, Duration retryAfter, Duration corsMaxAge,
        HttpApiAuthorizerResponse authorizerHttpApiResponse) implements AnonymousAccessConfig {

    /** Nothing listens here: tests that reach a provider bring their own (CaptchaServices). */
    static final Captcha CAPTCHA = new Endpoints(URI.create("http://127.0.0.1:9/turnstile"),
            URI.create("http://127.0.0.1:9/hcaptcha"), URI.create("http://127.0.0.1:9/recaptcha"),
            URI.create("http://127.0.0.1:9"), Duration.ofSeconds(1));

    record Endpoints(URI turnstileUrl, URI hcaptchaUrl, URI recaptchaUrl, URI parametersEndpoint, Duration timeout)
            implements Captcha {
    }

    @Override
    public Duration claimRetryWindow() {
        return Duration.ofMinutes(10);
    }

    @Override
    public Duration clientSecretGracePeriod() {
        return Duration.ofHours(24);
    }

    public static TestConfig defaults() {
        return new TestConfig("anonymous-access", Duration.ofHours(24), Duration.ofDays(30), Duration.ofHours(1),
                Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofHours(1), CAPTCHA, Duration.ofSeconds(1),
                Duration.ofMinutes(10), HttpApiAuthorizerResponse.SIMPLE);
    }

    public static TestConfig withTable(String tableName) {
        TestConfig d = defaults();
        return new TestConfig(tableName, d.accessTokenLifetime, d.inactivityPeriod, d.lifetimeRefreshInterval,
                d.authorizerCacheTtl, d.refreshRetryWindow, d.clientCacheTtl, d.signupWindow, d.captcha, d.retryAfter, d.corsMaxAge,
                d.authorizerHttpApiResponse);
    }
}
