package dev.anonymousaccess.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import dev.anonymousaccess.jwt.SigningAlgorithm;
import io.smallrye.config.ConfigMapping;

/**
 * Everything an operator may tune. Defaults and their documentation live in {@code application.properties};
 * every key is also listed in docs/configuration.md (ConfigurationTableTest keeps it so).
 */
@ConfigMapping(prefix = "anonymous-access")
public interface AnonymousAccessConfig {

    /** The one DynamoDB table holding users and client apps. */
    String tableName();

    /** How long an access token is valid after it was issued. */
    Duration accessTokenLifetime();

    /** An anonymous user without any request for this long is gone. */
    Duration inactivityPeriod();

    /** The user item's lifetime is written at most once per this interval (sliding expiry granularity). */
    Duration lifetimeRefreshInterval();

    /**
     * How long API Gateway caches authorizer decisions (the deployment's authorizer result TTL): requests answered from
     * that cache never reach the authorizer, so lifetimes reach this much further.
     */
    Duration authorizerCacheTtl();

    /** How long the immediately previous refresh token may be presented again (a client retrying). */
    Duration refreshRetryWindow();

    /** How long a merged anonymous user's claim is answered again (an app's backend retrying a lost answer). */
    Duration claimRetryWindow();

    /** How long the authorizer trusts a client app it has read (enabled flag), per Lambda instance. */
    Duration clientCacheTtl();

    /** The fixed window of the per-source sign-up limit of client apps. */
    Duration signupWindow();

    /** How long a client app's previous backend secret stays valid after a rotation. */
    Duration clientSecretGracePeriod();

    /** The bot check of client apps that have one. */
    Captcha captcha();

    /** The {@code Retry-After} sent with 503 answers. */
    Duration retryAfter();

    /** {@code Access-Control-Max-Age} of answered CORS preflights. */
    Duration corsMaxAge();

    /** Response format for HTTP API (payload 2.0) authorizer events; must match the API's EnableSimpleResponses. */
    HttpApiAuthorizerResponse authorizerHttpApiResponse();

    /** JWT access tokens, for client apps in the {@code jwt} token format. */
    Jwt jwt();

    /** Lifecycle events: what the {@code lifecycle} function publishes of the table's stream. */
    Events events();

    /** Where lifecycle events go, and which. */
    interface Events {

        /** The EventBridge bus (the template's); without it the {@code lifecycle} function cannot publish. */
        Optional<String> busName();

        /** Whether a new anonymous user is an event ({@code UserCreated}): off by default, the highest volume. */
        boolean publishUserCreated();

        /** Another EventBridge endpoint than the region's (local runs and tests: moto_server). */
        Optional<URI> endpointOverride();
    }

    /** JWT access tokens and the keys that sign them. */
    interface Jwt {

        /**
         * The {@code iss} of every JWT and the base of the published metadata: the API's URL (a custom domain, or the
         * execute-api URL known after the first deploy). Without it no client app can use the {@code jwt} format.
         */
        Optional<String> issuer();

        /** The {@code aud} of every JWT, unless a client app sets its own: the downstream APIs' audience. */
        String audience();

        /** How signing keys sign: RS256 (the one API Gateway's JWT authorizer accepts) or ES256. */
        SigningAlgorithm algorithm();

        /**
         * How long a new key is published before it signs: at least as long as the longest cache of the key set in
         * front of the verifiers (API Gateway's JWT authorizer: up to 2 h), plus the published set's own max-age.
         */
        Duration keyPublicationLead();

        /** {@code Cache-Control: max-age} of the published key set and metadata. */
        Duration jwksMaxAge();

        /** The KMS key that encrypts the signing keys' private halves (they are stored only encrypted). */
        Optional<String> kmsKeyId();

        /** Another KMS endpoint than the region's (local runs and tests: moto_server). */
        Optional<URI> kmsEndpointOverride();
    }


    /** Where the bot check's answers and secrets come from. */
    interface Captcha {

        /** Cloudflare Turnstile's siteverify endpoint. */
        URI turnstileUrl();

        /** hCaptcha's siteverify endpoint. */
        URI hcaptchaUrl();

        /** Google reCAPTCHA's siteverify endpoint. */
        URI recaptchaUrl();

        /** The AWS Parameters and Secrets Lambda Extension, which reads SSM parameters for the function. */
        URI parametersEndpoint();

        /** How long a provider or the extension may take to answer; then the check counts as unavailable. */
        Duration timeout();
    }

    enum HttpApiAuthorizerResponse {
        SIMPLE,
        IAM
    }
}
