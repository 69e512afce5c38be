package dev.anonymousaccess.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * An HTTP proxy between the application and the DynamoDB-compatible server: it counts calls by operation
 * ({@code X-Amz-Target}) and injects the faults a real network and a real DynamoDB produce, so that what the SDK
 * retries is what the application then sees. By default it passes everything through untouched.
 */
public final class DynamoDbProxy implements AutoCloseable {

    /** What the proxy does to the next call(s) of an operation. */
    public enum Fault {
        /** Answer 500 InternalServerError without forwarding: nothing was applied. */
        FAIL_BEFORE,
        /** Forward (the write is applied), then answer 500 InternalServerError instead of the server's answer. */
        FAIL_AFTER,
        /** Answer 400 ProvisionedThroughputExceededException without forwarding. */
        THROTTLE,
        /** Hold the call past the SDK's attempt timeout, then forward it (applied late); later calls wait for it. */
        APPLY_LATE,
        /** BatchGetItem: answer that every key is unprocessed, without reading any. */
        UNPROCESSED,
        /**
         * A conditional write loses a race, without being forwarded: a single-item write answers
         * ConditionalCheckFailedException (with the item as stored when the request asks for it), a transaction
         * TransactionCanceledException with a TransactionConflict for every item. Persistent, it is contention.
         */
        CONFLICT
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackProxy proxy;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Armed> faults = new ConcurrentHashMap<>();
    private volatile Duration hold = Duration.ofMillis(1250);
    /** One call at a time reaches moto_server ({@link #send}). */
    private final ReentrantLock serverTurn = new ReentrantLock(true);
    private volatile boolean outage;
    /** Keys whose eventually consistent GetItems lag behind, with the answer they keep getting once recorded. */
    private final Map<String, Optional<HttpResponse<byte[]>>> lagging = new ConcurrentHashMap<>();
    private final AtomicInteger consistentReads = new AtomicInteger();
    private final AtomicInteger laggingAnswers = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<PausedRead> pausedRead = new AtomicReference<>();

    /**
     * A read held at the proxy: {@code reached} counts down when it arrives, and it goes on to the server once
     * {@code gate} is counted down ({@link #release()}). Release it well within the SDK's attempt timeout, or the SDK retries it.
     */
    public record PausedRead(String pkPrefix, CountDownLatch reached, CountDownLatch gate) {
        public void awaitReached() throws InterruptedException {
            if (!reached.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no read of " + pkPrefix + "* arrived");
            }
        }

        public void release() {
            gate.countDown();
        }
    }

    /**
     * One call as it reached the proxy: its operation, the key of the item it names, and its read consistency; a
     * transaction is one entry per item it writes ({@code TransactWriteItems.Put}, {@code .Update}, {@code .Delete}).
     */
    public record Request(String operation, String pk, boolean consistent, Set<String> attributes) {
    }

    /** The attribute names a request's expressions use ({@code ExpressionAttributeNames}), and its key's. */
    private static Set<String> attributesOf(JsonNode request) {
        Set<String> names = new TreeSet<>();
        request.path("ExpressionAttributeNames").forEach(name -> names.add(name.asText()));
        request.path("Key").fieldNames().forEachRemaining(names::add);
        return names;
    }

    public DynamoDbProxy(String targetEndpoint) throws IOException {
        this.proxy = new LoopbackProxy(targetEndpoint, this::handle);
    }

    public String endpoint() {
        return proxy.endpoint();
    }

    /** Makes the next {@code times} calls of {@code operation} (GetItem, PutItem, ...) suffer {@code fault}. */
    public void inject(String operation, Fault fault, int times) {
        faults.put(operation, new Armed(fault, new AtomicInteger(times), new CountDownLatch(1)));
    }

    /** How long {@link Fault#APPLY_LATE} holds a call: longer than the attempt timeout. */
    public void holdFor(Duration duration) {
        hold = duration;
    }

    /**
     * Until {@link #endOutage()} or {@link #reset()}, every call is answered 500 InternalServerError without being
     * forwarded: DynamoDB failing as a whole, the SDK's retries included. (Freezing moto_server shows a store that
     * does not answer at all, at the price of waiting out the API call timeout.)
     */
    public void startOutage() {
        outage = true;
    }

    public void endOutage() {
        outage = false;
    }

    /**
     * Makes the eventually consistent reads of item {@code pk} lag behind, as a replica that has not caught up: the
     * next GetItem of it that reaches the proxy is answered by the server and recorded, and every later eventually
     * consistent GetItem of it gets that same answer. Strongly consistent reads see the table.
     */
    public void lagReadsOf(String pk) {
        lagging.put(pk, Optional.empty());
    }

    /**
     * Holds the next GetItem of an item whose key starts with {@code pkPrefix} until the test releases it: what one
     * caller read then reflects everything another did meanwhile, the interleaving a race test needs every time.
     */
    public PausedRead pauseNextReadOf(String pkPrefix) {
        PausedRead paused = new PausedRead(pkPrefix, new CountDownLatch(1), new CountDownLatch(1));
        pausedRead.set(paused);
        return paused;
    }

    /** GetItems since the last reset that asked for a strongly consistent read. */
    public int consistentReads() {
        return consistentReads.get();
    }

    /** Eventually consistent GetItems answered from the recorded past ({@link #lagReadsOf}) since the last reset. */
    public int laggingAnswers() {
        return laggingAnswers.get();
    }

    /** The single-item calls (GetItem, PutItem, UpdateItem, DeleteItem) since the last reset, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Clears counts and faults. */
    public void reset() {
        calls.clear();
        faults.clear();
        lagging.clear();
        consistentReads.set(0);
        laggingAnswers.set(0);
        requests.clear();
        outage = false;
        PausedRead paused = pausedRead.getAndSet(null);
        if (paused != null) {
            paused.release();
        }
    }

    /** Calls since the last reset, by operation (GetItem, UpdateItem, ...), as they reached the proxy. */
    public Map<String, Integer> calls() {
        Map<String, Integer> snapshot = new TreeMap<>();
        calls.forEach((operation, count) -> snapshot.put(operation, count.get()));
        return snapshot;
    }

    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    private record Armed(Fault fault, AtomicInteger remaining, CountDownLatch applied) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
            if (Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem").contains(operation)) {
                JsonNode request = JSON.readTree(body);
                JsonNode key = request.has("Item") ? request.path("Item") : request.path("Key");
                requests.add(new Request(operation, key.path("pk").path("S").asText(null),
                        request.path("ConsistentRead").asBoolean(false), attributesOf(request)));
            }
            if ("TransactWriteItems".equals(operation)) {
                // One entry per item written, named like "TransactWriteItems.Put".
                for (JsonNode write : JSON.readTree(body).path("TransactItems")) {
                    write.fieldNames().forEachRemaining(kind -> {
                        JsonNode part = write.path(kind);
                        JsonNode key = part.has("Item") ? part.path("Item") : part.path("Key");
                        requests.add(new Request(operation + "." + kind, key.path("pk").path("S").asText(null),
                                true, attributesOf(part)));
                    });
                }
            }
            if (outage) {
                error(exchange, 500, "InternalServerError");
                return;
            }
            Armed armed = faults.get(operation);
            Fault fault = null;
            if (armed != null) {
                if (armed.remaining().getAndDecrement() > 0) {
                    fault = armed.fault();
                } else if (armed.fault() == Fault.APPLY_LATE) {
                    // A retry must reach the server after the late write, as it would in DynamoDB.
                    await(armed.applied());
                }
            }
            if (fault == null && operation.equals("GetItem")) {
                read(exchange, body);
                return;
            }
            if (fault == null) {
                forward(exchange, body);
                return;
            }
            switch (fault) {
                case FAIL_BEFORE -> error(exchange, 500, "InternalServerError");
                case THROTTLE -> error(exchange, 400, "ProvisionedThroughputExceededException");
                case FAIL_AFTER -> {
                    send(exchange, body);
                    error(exchange, 500, "InternalServerError");
                }
                case APPLY_LATE -> {
                    sleep(hold);
                    try {
                        forward(exchange, body);
                    } catch (IOException gone) {
                        // The SDK gave up on this attempt long ago; the write has still been applied.
                    } finally {
                        armed.applied().countDown();
                    }
                }
                case UNPROCESSED -> unprocessed(exchange, body);
                case CONFLICT -> conflict(exchange, operation, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientWentAway) {
            // The SDK closed the connection (attempt timeout): nothing to answer.
        }
    }

    /** A GetItem: counted by consistency, and answered from the recorded past where its item lags. */
    private void read(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        JsonNode request = JSON.readTree(body);
        boolean consistent = request.path("ConsistentRead").asBoolean(false);
        if (consistent) {
            consistentReads.incrementAndGet();
        }
        String pk = request.path("Key").path("pk").path("S").asText(null);
        PausedRead paused = pausedRead.get();
        if (paused != null && pk != null && pk.startsWith(paused.pkPrefix())
                && pausedRead.compareAndSet(paused, null)) {
            paused.reached().countDown();
            paused.gate().await(5, TimeUnit.SECONDS);
        }
        Optional<HttpResponse<byte[]>> recorded = pk == null ? null : lagging.get(pk);
        if (recorded == null) {
            forward(exchange, body);
        } else if (recorded.isEmpty()) {
            lagging.put(pk, Optional.of(forward(exchange, body)));
        } else if (consistent) {
            forward(exchange, body);
        } else {
            laggingAnswers.incrementAndGet();
            copy(exchange, recorded.get());
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(exchange, body);
        copy(exchange, response);
        return response;
    }

    private static void copy(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
        LoopbackProxy.copy(exchange, response, response.body());
    }

    /**
     * Forwards one call to moto_server, one call at a time. DynamoDB applies every conditional write to an item, and
     * every transaction, atomically; moto_server's threaded server does not (measured with 20 concurrent conditional
     * ADDs to one item: in 1 round of 20, six passed a condition that admits five). {@code MotoLauncher} makes each
     * operation atomic; serialized here too, concurrent callers race exactly as they would against DynamoDB on any
     * server ({@code MOTO_SERVER}), and the tests that make them race can trust the outcome.
     */
    private HttpResponse<byte[]> send(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        return send(exchange, body, null);
    }

    /** {@code target}, when given, replaces the call's operation (the proxy's own reads; moto does not check signatures). */
    private HttpResponse<byte[]> send(HttpExchange exchange, byte[] body, String amzTarget)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = proxy.forwarded(exchange, body);
        if (amzTarget != null) {
            request.setHeader("X-Amz-Target", amzTarget);
        }
        serverTurn.lockInterruptibly();
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } finally {
            serverTurn.unlock();
        }
    }

    private static void error(HttpExchange exchange, int status, String type) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        reply(exchange, status, ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type
                + "\",\"message\":\"injected by the test proxy\"}").getBytes(StandardCharsets.UTF_8));
    }

    private void conflict(HttpExchange exchange, String operation, byte[] body)
            throws IOException, InterruptedException {
        JsonNode request = JSON.readTree(body);
        ObjectNode answer = JSON.createObjectNode();
        if ("TransactWriteItems".equals(operation)) {
            answer.put("__type", "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
            answer.put("Message", "Transaction cancelled (injected by the test proxy)");
            var reasons = answer.putArray("CancellationReasons");
            request.path("TransactItems").forEach(item -> reasons.addObject().put("Code", "TransactionConflict")
                    .put("Message", "Transaction is ongoing for the item"));
        } else {
            answer.put("__type", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
            answer.put("message", "The conditional request failed (injected by the test proxy)");
            if ("ALL_OLD".equals(request.path("ReturnValuesOnConditionCheckFailure").asText())) {
                ObjectNode get = JSON.createObjectNode();
                get.put("TableName", request.path("TableName").asText());
                get.set("Key", request.has("Key") ? request.path("Key")
                        : JSON.createObjectNode().set("pk", request.path("Item").path("pk")));
                get.put("ConsistentRead", true);
                HttpResponse<byte[]> stored = send(exchange, JSON.writeValueAsBytes(get), "DynamoDB_20120810.GetItem");
                JsonNode item = JSON.readTree(stored.body()).path("Item");
                if (!item.isMissingNode()) {
                    answer.set("Item", item);
                }
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        reply(exchange, 400, JSON.writeValueAsBytes(answer));
    }

    private static void unprocessed(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode requestItems = JSON.readTree(body).path("RequestItems");
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode responses = answer.putObject("Responses");
        requestItems.fieldNames().forEachRemaining(responses::putArray);
        answer.set("UnprocessedKeys", requestItems);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        reply(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        LoopbackProxy.reply(exchange, status, body);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        latch.await(30, TimeUnit.SECONDS);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    @Override
    public void close() {
        proxy.close();
    }
}
