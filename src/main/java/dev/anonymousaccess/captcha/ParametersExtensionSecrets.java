package dev.anonymousaccess.captcha;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.signup.CaptchaSecrets;
import dev.anonymousaccess.signup.CaptchaUnavailableException;

/**
 * Reads the providers' secrets from SSM Parameter Store ({@code SecureString}, decrypted) through the AWS Parameters
 * and Secrets Lambda Extension, a layer AWS maintains that serves {@code GetParameter} on localhost to the function,
 * authenticated by the function's own session token. Each secret is read once per instance and kept in memory only.
 */
@ApplicationScoped
public class ParametersExtensionSecrets implements CaptchaSecrets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    ParametersExtensionSecrets(AnonymousAccessConfig config) {
        this.endpoint = config.captcha().parametersEndpoint();
        this.timeout = config.captcha().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String secret(String name) {
        String known = secrets.get(name);
        if (known != null) {
            return known;
        }
        String secret = read(name);
        secrets.put(name, secret);
        return secret;
    }

    private String read(String name) {
        String sessionToken = System.getenv("AWS_SESSION_TOKEN");
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/systemsmanager/parameters/get?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&withDecryption=true")).timeout(timeout).GET();
        if (sessionToken != null) {
            request.header("X-Aws-Parameters-Secrets-Token", sessionToken);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CaptchaUnavailableException("parameter " + name + " unreadable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptchaUnavailableException("parameter " + name + " unreadable: interrupted");
        }
        if (response.statusCode() != 200) {
            throw new CaptchaUnavailableException("parameter " + name + " unreadable: HTTP " + response.statusCode());
        }
        try {
            JsonNode value = JSON.readTree(response.body()).path("Parameter").path("Value");
            if (!value.isTextual() || value.asText().isEmpty()) {
                throw new CaptchaUnavailableException("parameter " + name + " has no value");
            }
            return value.asText();
        } catch (IOException e) {
            throw new CaptchaUnavailableException("parameter " + name + " unreadable: not JSON");
        }
    }
}
