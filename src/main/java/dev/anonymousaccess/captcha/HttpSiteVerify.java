package dev.anonymousaccess.captcha;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.client.CaptchaPolicy;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.signup.CaptchaUnavailableException;
import dev.anonymousaccess.signup.SiteVerify;

/**
 * The providers' {@code siteverify} endpoints, which Turnstile, hCaptcha and reCAPTCHA share the shape of: a form POST
 * of {@code secret}, {@code response} and {@code remoteip}, answered with {@code success}, {@code hostname} and
 * {@code error-codes}.
 */
@ApplicationScoped
public class HttpSiteVerify implements SiteVerify {

    private final AnonymousAccessConfig.Captcha config;
    private final JsonOverHttp http;

    HttpSiteVerify(AnonymousAccessConfig config) {
        this.config = config.captcha();
        this.http = new JsonOverHttp(this.config.timeout());
    }

    @Override
    public Verdict verify(CaptchaPolicy.Provider provider, String secret, String token, String remoteIp) {
        String form = "secret=" + encode(secret) + "&response=" + encode(token)
                + (remoteIp == null ? "" : "&remoteip=" + encode(remoteIp));
        JsonNode answer = http.send(HttpRequest.newBuilder(endpoint(provider)).timeout(config.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), provider.toString());
        if (!answer.path("success").isBoolean()) {
            throw new CaptchaUnavailableException(provider + " answered without a verdict");
        }
        List<String> errorCodes = new ArrayList<>();
        answer.path("error-codes").forEach(code -> errorCodes.add(code.asText()));
        JsonNode hostname = answer.path("hostname");
        return new Verdict(answer.get("success").asBoolean(), hostname.isTextual() ? hostname.asText() : null,
                List.copyOf(errorCodes));
    }

    private URI endpoint(CaptchaPolicy.Provider provider) {
        return switch (provider) {
            case TURNSTILE -> config.turnstileUrl();
            case HCAPTCHA -> config.hcaptchaUrl();
            case RECAPTCHA -> config.recaptchaUrl();
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
