package dev.anonymousaccess.captcha;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnonymousAccessConfig.Captcha config;
    private final Duration timeout;
    private final HttpClient http;

    HttpSiteVerify(AnonymousAccessConfig config) {
        this.config = config.captcha();
        this.timeout = this.config.timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Verdict verify(CaptchaPolicy.Provider provider, String secret, String token, String remoteIp) {
        String form = "secret=" + encode(secret) + "&response=" + encode(token)
                + (remoteIp == null ? "" : "&remoteip=" + encode(remoteIp));
        HttpRequest request = HttpRequest.newBuilder(endpoint(provider)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CaptchaUnavailableException(provider + " did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptchaUnavailableException(provider + " check interrupted");
        }
        if (response.statusCode() != 200) {
            throw new CaptchaUnavailableException(provider + " answered HTTP " + response.statusCode());
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (answer == null || !answer.path("success").isBoolean()) {
                throw new CaptchaUnavailableException(provider + " answered without a verdict");
            }
            List<String> errorCodes = new ArrayList<>();
            answer.path("error-codes").forEach(code -> errorCodes.add(code.asText()));
            JsonNode hostname = answer.path("hostname");
            return new Verdict(answer.get("success").asBoolean(), hostname.isTextual() ? hostname.asText() : null,
                    List.copyOf(errorCodes));
        } catch (IOException e) {
            throw new CaptchaUnavailableException(provider + " answered something that is not JSON");
        }
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
