package dev.anonymousaccess.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON APIs of moto_server (DynamoDB Streams, EventBridge, SQS) over plain HTTP, for the local deployment's own
 * plumbing (what Lambda's event source mapping and an app's subscription do in AWS). moto checks no signature; the
 * credential scope names the region.
 */
final class MotoApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String endpoint;

    MotoApi(String endpoint) {
        this.endpoint = endpoint;
    }

    /** DynamoDB and DynamoDB Streams: JSON 1.0; EventBridge and SQS: JSON 1.1 and 1.0 with their own prefixes. */
    JsonNode call(String service, String target, ObjectNode body) throws IOException {
        String contentType = target.startsWith("AWSEvents.") ? "application/x-amz-json-1.1"
                : "application/x-amz-json-1.0";
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).header("X-Amz-Target", target)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/" + service
                        + "/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(target + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
