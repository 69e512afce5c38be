package dev.anonymousaccess.captcha;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

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

    private final URI endpoint;
    private final Duration timeout;
    private final JsonOverHttp http;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    ParametersExtensionSecrets(AnonymousAccessConfig config) {
        this.endpoint = config.captcha().parametersEndpoint();
        this.timeout = config.captcha().timeout();
        this.http = new JsonOverHttp(timeout);
    }

    @Override
    public String secret(String name) {
        return secrets.computeIfAbsent(name, this::read);
    }

    private String read(String name) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/systemsmanager/parameters/get?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&withDecryption=true")).timeout(timeout).GET();
        String sessionToken = System.getenv("AWS_SESSION_TOKEN");
        if (sessionToken != null) {
            request.header("X-Aws-Parameters-Secrets-Token", sessionToken);
        }
        JsonNode value = http.send(request.build(), "parameter " + name).path("Parameter").path("Value");
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new CaptchaUnavailableException("parameter " + name + " has no value");
        }
        return value.asText();
    }
}
