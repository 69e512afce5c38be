package dev.anonymousaccess.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The lifecycle event bus on moto_server, with a subscriber that shows every event: a rule matching the service's
 * source whose target is a queue, read here, each event printed and appended to {@code events.jsonl} (one EventBridge
 * event per line, exactly as a rule's target receives it).
 */
public final class LocalEventBus implements AutoCloseable {

    static final String QUEUE = "anonymous-access-lifecycle-events";
    private static final long POLL_MILLIS = 200;

    private final MotoApi moto;
    private final String queueUrl;
    private final Path file;
    private final Consumer<String> printer;
    private final List<JsonNode> received = new ArrayList<>();
    private final Poller poller;

    private LocalEventBus(MotoApi moto, String queueUrl, Path file, Consumer<String> printer, boolean watch) {
        this.moto = moto;
        this.queueUrl = queueUrl;
        this.file = file;
        this.printer = printer;
        this.poller = watch ? new Poller("lifecycle-events", "lifecycle events", POLL_MILLIS, this::receiveOnce).start()
                : null;
    }

    /** Creates the bus {@code busName}, the queue and the rule, and starts showing events as they come. */
    public static LocalEventBus create(String endpoint, String busName, Path file, Consumer<String> printer)
            throws IOException {
        return create(endpoint, busName, file, printer, true);
    }

    /**
     * The same, without watching: the queue is read only when {@link #events()} is asked (the tests' way, which keeps
     * moto_server free of a poll five times a second).
     */
    public static LocalEventBus createUnwatched(String endpoint, String busName, Path file) throws IOException {
        return create(endpoint, busName, file, line -> { }, false);
    }

    private static LocalEventBus create(String endpoint, String busName, Path file, Consumer<String> printer,
            boolean watch) throws IOException {
        MotoApi moto = new MotoApi(endpoint);
        moto.call("events", "AWSEvents.CreateEventBus", MotoApi.object().put("Name", busName));
        String queueUrl = moto.call("sqs", "AmazonSQS.CreateQueue", MotoApi.object().put("QueueName", QUEUE))
                .path("QueueUrl").asText();
        ObjectNode attributes = MotoApi.object().put("QueueUrl", queueUrl);
        attributes.putArray("AttributeNames").add("QueueArn");
        String queueArn = moto.call("sqs", "AmazonSQS.GetQueueAttributes", attributes).path("Attributes")
                .path("QueueArn").asText();
        moto.call("events", "AWSEvents.PutRule", MotoApi.object().put("Name", "every-lifecycle-event")
                .put("EventBusName", busName).put("EventPattern", "{\"source\":[\"anonymous-access\"]}"));
        ObjectNode targets = MotoApi.object().put("Rule", "every-lifecycle-event").put("EventBusName", busName);
        targets.putArray("Targets").addObject().put("Id", "local-viewer").put("Arn", queueArn);
        moto.call("events", "AWSEvents.PutTargets", targets);
        Files.deleteIfExists(file);
        return new LocalEventBus(moto, queueUrl, file, printer, watch);
    }

    /** Every event received so far, oldest first, as the rule's target received it. */
    public List<JsonNode> events() {
        if (poller == null) {
            try {
                while (receiveOnce()) {
                    // until the queue is empty
                }
            } catch (IOException e) {
                throw new IllegalStateException("lifecycle events could not be read", e);
            }
        }
        synchronized (this) {
            return List.copyOf(received);
        }
    }

    /** @return whether there were events */
    private boolean receiveOnce() throws IOException {
        JsonNode answer = moto.call("sqs", "AmazonSQS.ReceiveMessage", MotoApi.object().put("QueueUrl", queueUrl)
                .put("MaxNumberOfMessages", 10));
        if (answer.path("Messages").isEmpty()) {
            return false;
        }
        for (JsonNode message : answer.path("Messages")) {
            JsonNode event = MotoApi.JSON.readTree(message.path("Body").asText());
            synchronized (this) {
                received.add(event);
            }
            Files.writeString(file, MotoApi.JSON.writeValueAsString(event) + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            printer.accept("event " + event.path("detail-type").asText() + " " + event.path("detail"));
            moto.call("sqs", "AmazonSQS.DeleteMessage", MotoApi.object().put("QueueUrl", queueUrl)
                    .put("ReceiptHandle", message.path("ReceiptHandle").asText()));
        }
        return true;
    }

    /** Forgets the events received so far (a test's own events start from here). */
    public void forget() {
        events();
        synchronized (this) {
            received.clear();
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
        }
    }
}
