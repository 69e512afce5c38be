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
    private final Thread thread;
    private volatile boolean running = true;

    private LocalEventBus(MotoApi moto, String queueUrl, Path file, Consumer<String> printer) {
        this.moto = moto;
        this.queueUrl = queueUrl;
        this.file = file;
        this.printer = printer;
        this.thread = new Thread(this::run, "lifecycle-events");
        thread.setDaemon(true);
        thread.start();
    }

    /** Creates the bus {@code busName}, the queue and the rule, and starts showing events. */
    public static LocalEventBus create(String endpoint, String busName, Path file, Consumer<String> printer)
            throws IOException {
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
        return new LocalEventBus(moto, queueUrl, file, printer);
    }

    /** Every event received so far, oldest first, as the rule's target received it. */
    public synchronized List<JsonNode> events() {
        return List.copyOf(received);
    }

    private void run() {
        while (running) {
            try {
                JsonNode answer = moto.call("sqs", "AmazonSQS.ReceiveMessage", MotoApi.object()
                        .put("QueueUrl", queueUrl).put("MaxNumberOfMessages", 10));
                if (answer.path("Messages").isEmpty()) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
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
            } catch (IOException e) {
                if (running) {
                    System.err.println("lifecycle events could not be read: " + e.getMessage());
                }
                sleepQuietly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forgets the events received so far (a test's own events start from here). */
    public synchronized void forget() {
        received.clear();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
