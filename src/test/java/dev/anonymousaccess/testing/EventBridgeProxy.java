package dev.anonymousaccess.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Between the application and EventBridge (moto_server): forwards every call, except that it can refuse the first entry
 * of the next PutEvents calls as EventBridge does one it could not take (the entry is not forwarded, its result
 * carries an {@code ErrorCode}, {@code FailedEntryCount} counts it): the partial failure moto never produces.
 */
public final class EventBridgeProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackProxy proxy;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger refuseFirstEntry = new AtomicInteger();
    private final AtomicInteger puts = new AtomicInteger();

    public EventBridgeProxy(String targetEndpoint) throws IOException {
        this.proxy = new LoopbackProxy(targetEndpoint, this::handle);
    }

    public String endpoint() {
        return proxy.endpoint();
    }

    /** The first entry of each of the next {@code times} PutEvents calls is refused. */
    public void refuseFirstEntry(int times) {
        refuseFirstEntry.set(times);
    }

    /** PutEvents calls that reached the proxy. */
    public int puts() {
        return puts.get();
    }

    public void reset() {
        refuseFirstEntry.set(0);
        puts.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            boolean refuse = "AWSEvents.PutEvents".equals(operation) && refuseFirstEntry.getAndUpdate(
                    n -> Math.max(0, n - 1)) > 0;
            if ("AWSEvents.PutEvents".equals(operation)) {
                puts.incrementAndGet();
            }
            ObjectNode request = (ObjectNode) JSON.readTree(body.length == 0 ? "{}".getBytes() : body);
            JsonNode refused = null;
            if (refuse) {
                refused = ((ArrayNode) request.get("Entries")).remove(0);
            }
            HttpRequest.Builder forwarded = proxy.forwarded(exchange, refuse ? JSON.writeValueAsBytes(request) : body);
            HttpResponse<byte[]> response;
            try {
                response = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            byte[] answer = response.body();
            if (refused != null && response.statusCode() == 200) {
                ObjectNode result = (ObjectNode) JSON.readTree(answer);
                ((ArrayNode) result.withArray("Entries")).insert(0, JSON.createObjectNode()
                        .put("ErrorCode", "InternalFailure").put("ErrorMessage", "refused by the test proxy"));
                result.put("FailedEntryCount", result.path("FailedEntryCount").asInt(0) + 1);
                answer = JSON.writeValueAsBytes(result);
            }
            LoopbackProxy.copy(exchange, response, answer);
        }
    }

    @Override
    public void close() {
        proxy.close();
    }
}
