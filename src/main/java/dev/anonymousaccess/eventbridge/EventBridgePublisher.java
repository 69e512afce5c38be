package dev.anonymousaccess.eventbridge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.anonymousaccess.aws.ServiceClients;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.lifecycle.EventPublisher;
import dev.anonymousaccess.lifecycle.LifecycleEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Lifecycle events on the deployment's EventBridge bus: source {@link #SOURCE}, the event's {@code detail-type}, and
 * its {@code detail} as JSON. An entry EventBridge did not accept is reported as such, to be put again.
 */
@ApplicationScoped
public class EventBridgePublisher implements EventPublisher {

    /** The {@code source} of every lifecycle event: what apps' rules match on. */
    public static final String SOURCE = "anonymous-access";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnonymousAccessConfig.Events config;
    private final Supplier<EventBridgeClient> events;

    EventBridgePublisher(AnonymousAccessConfig config) {
        this.config = config.events();
        this.events = ServiceClients.onFirstUse(
                () -> ServiceClients.configured(EventBridgeClient.builder(), this.config.endpointOverride()).build());
    }

    /** The {@code detail} of an event: only what the event is about, never a token, a hash or a secret. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String idempotencyKey, String userId, String clientId, String sessionId, String subject,
            String mergedUserId, String reason, String occurredAt) {

        static Detail of(LifecycleEvent event) {
            return new Detail(event.idempotencyKey(), event.userId(), event.clientId(), event.sessionId(),
                    event.subject(), event.mergedUserId(), event.reason(), event.occurredAt().toString());
        }

        @Override
        public String toString() {
            return "Detail[userId=" + userId + ", key=" + idempotencyKey + "]";
        }
    }

    @Override
    public List<Boolean> put(List<LifecycleEvent> batch) {
        String bus = config.busName().orElseThrow(() -> new IllegalStateException("no event bus is configured"));
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (LifecycleEvent event : batch) {
            entries.add(PutEventsRequestEntry.builder().eventBusName(bus).source(SOURCE)
                    .detailType(event.type().detailType()).detail(detailOf(event)).time(event.occurredAt()).build());
        }
        PutEventsResponse response;
        try {
            response = events.get().putEvents(b -> b.entries(entries));
        } catch (SdkException e) {
            throw new StoreUnavailableException("EventBridge", "PutEvents", e);
        }
        List<Boolean> accepted = new ArrayList<>();
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < batch.size(); i++) {
            accepted.add(i < results.size() && results.get(i).errorCode() == null && results.get(i).eventId() != null);
        }
        return accepted;
    }

    static String detailOf(LifecycleEvent event) {
        try {
            return JSON.writeValueAsString(Detail.of(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a lifecycle event's detail is plain strings", e);
        }
    }
}
