package dev.anonymousaccess.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Plays Lambda's event source mapping of the table's stream for the lifecycle function: batches of up to
 * {@link #BATCH_SIZE} records in order, a partial batch response honoured (the batch is delivered again from the
 * failed record), at most {@link #MAX_ATTEMPTS} deliveries of a batch, then its description (shard, sequence
 * numbers, as the failure queue receives it in AWS) appended to {@code lifecycle-failures.jsonl} and the stream read
 * on. A deletion announced through {@link #expireByTtl} is delivered as TTL's: with the service identity AWS gives it.
 */
final class StreamDelivery implements AutoCloseable {

    static final int BATCH_SIZE = 100;
    static final int MAX_ATTEMPTS = 10;
    private static final long POLL_MILLIS = 200;

    private final TableStream stream;
    private final LambdaFunction function;
    private final Path failures;
    private final Set<String> expiringKeys = ConcurrentHashMap.newKeySet();
    private final Poller poller;

    StreamDelivery(TableStream stream, LambdaFunction function, Path failures) {
        this.stream = stream;
        this.function = function;
        this.failures = failures;
        this.poller = new Poller("table-stream", "the table's stream", POLL_MILLIS, this::deliverNext);
        poller.start();
    }

    /** The next deletion of {@code pk} is TTL's (moto deletes nothing by TTL; the local {@code expire} does). */
    void expireByTtl(String pk) {
        expiringKeys.add(pk);
    }

    /** @return whether there were records */
    private boolean deliverNext() throws IOException {
        List<ObjectNode> records = stream.next(BATCH_SIZE);
        if (records.isEmpty()) {
            return false;
        }
        records.forEach(this::markTtl);
        deliver(records);
        return true;
    }

    private void markTtl(ObjectNode record) {
        String pk = record.path("dynamodb").path("Keys").path("pk").path("S").asText(null);
        if ("REMOVE".equals(record.path("eventName").asText()) && pk != null && expiringKeys.remove(pk)) {
            record.putObject("userIdentity").put("type", "Service").put("principalId", "dynamodb.amazonaws.com");
        }
    }

    private void deliver(List<ObjectNode> batch) throws IOException {
        List<ObjectNode> left = new ArrayList<>(batch);
        for (int attempt = 1; !left.isEmpty() && poller.running(); attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                recordFailure(left);
                return;
            }
            ObjectNode event = MotoApi.object();
            ArrayNode records = event.putArray("Records");
            left.forEach(records::add);
            LambdaFunction.Invocation invocation;
            try {
                invocation = function.invoke(MotoApi.JSON.writeValueAsString(event));
            } catch (RuntimeException e) {
                if (!poller.running()) {
                    return; // stopping: the function's process goes away under the delivery
                }
                System.err.println("lifecycle: the function did not answer a batch: " + e.getMessage());
                continue; // as Lambda treats a crashed invocation: the whole batch again
            }
            if (!invocation.ok()) {
                continue; // a failed invocation: the whole batch again
            }
            JsonNode failed = MotoApi.JSON.readTree(invocation.payload()).path("batchItemFailures");
            if (failed.isEmpty()) {
                return;
            }
            String from = failed.get(0).path("itemIdentifier").asText();
            int at = 0;
            while (at < left.size() && !sequenceNumber(left.get(at)).equals(from)) {
                at++;
            }
            left = new ArrayList<>(left.subList(Math.min(at, left.size()), left.size()));
        }
    }

    private void recordFailure(List<ObjectNode> batch) throws IOException {
        ObjectNode description = MotoApi.object();
        ObjectNode info = description.putObject("DDBStreamBatchInfo");
        info.put("streamArn", stream.arn()).put("batchSize", batch.size())
                .put("startSequenceNumber", sequenceNumber(batch.get(0)))
                .put("endSequenceNumber", sequenceNumber(batch.get(batch.size() - 1)));
        description.putObject("requestContext").put("condition", "RetryAttemptsExhausted")
                .put("approximateInvokeCount", MAX_ATTEMPTS);
        Files.writeString(failures, MotoApi.JSON.writeValueAsString(description) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.err.println("lifecycle: a batch of " + batch.size() + " stream records could not be delivered; see "
                + failures);
    }

    private static String sequenceNumber(JsonNode record) {
        return record.path("dynamodb").path("SequenceNumber").asText();
    }

    /** Stops reading the stream and waits for a delivery under way to end. */
    @Override
    public void close() {
        poller.close();
    }
}
