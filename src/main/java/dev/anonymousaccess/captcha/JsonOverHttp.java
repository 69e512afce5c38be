package dev.anonymousaccess.captcha;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anonymousaccess.signup.CaptchaUnavailableException;

/**
 * One JSON exchange with a service the bot check depends on: any failure to get a 200 with a JSON body is
 * {@link CaptchaUnavailableException}, whose message names {@code what} and never the request's content.
 */
final class JsonOverHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;

    JsonOverHttp(Duration connectTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    JsonNode send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CaptchaUnavailableException(what + " did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptchaUnavailableException(what + ": interrupted");
        }
        if (response.statusCode() != 200) {
            throw new CaptchaUnavailableException(what + " answered HTTP " + response.statusCode());
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body == null) {
                throw new CaptchaUnavailableException(what + " answered nothing");
            }
            return body;
        } catch (IOException e) {
            throw new CaptchaUnavailableException(what + " answered something that is not JSON");
        }
    }
}
