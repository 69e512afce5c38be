package dev.anonymousaccess.function;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.lifecycle.EventPublisher;
import dev.anonymousaccess.lifecycle.StreamBatch;
import dev.anonymousaccess.lifecycle.Transitions;
import dev.anonymousaccess.observability.Invocations;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code lifecycle} function's work: one batch of the table's stream, as Lambda's event source mapping delivers
 * it, published in order, answered with the batch's failed item (Lambda's partial batch response, with
 * {@code ReportBatchItemFailures}): Lambda delivers the batch again from that record, bisecting and, after the
 * mapping's attempts, handing the batch's description to the failure queue.
 */
@ApplicationScoped
public class LifecycleStream {

    private final StreamBatch<JsonNode> batch;
    private final StreamBatch.Reader<JsonNode> reader;
    private final Invocations invocations;

    LifecycleStream(Transitions transitions, EventPublisher publisher, StreamBatch.Reader<JsonNode> reader,
            Invocations invocations) {
        this.batch = new StreamBatch<>(transitions, publisher, StreamBatch.SLEEP);
        this.reader = reader;
        this.invocations = invocations;
    }

    /** Lambda's partial batch response: the record to deliver the batch again from, if any. */
    @RegisterForReflection
    public record BatchResponse(@JsonProperty("batchItemFailures") List<ItemFailure> batchItemFailures) {

        static BatchResponse of(Optional<String> failed) {
            return new BatchResponse(failed.map(seq -> List.of(new ItemFailure(seq))).orElse(List.of()));
        }
    }

    @RegisterForReflection
    public record ItemFailure(@JsonProperty("itemIdentifier") String itemIdentifier) {
    }

    public BatchResponse publish(JsonNode event) {
        List<JsonNode> records = new ArrayList<>();
        event.path("Records").forEach(records::add);
        return invocations.run("lifecycle", null, null, invocation -> {
            BatchResponse answer = BatchResponse.of(batch.publish(records, reader, invocation));
            // Answered, a failed item included: Lambda reads the answer. "error" is for a batch the function threw on.
            invocation.succeeded();
            return answer;
        });
    }
}
