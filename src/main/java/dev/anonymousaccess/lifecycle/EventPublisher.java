package dev.anonymousaccess.lifecycle;

import java.util.List;

/** Where events go (EventBridge): a put of up to {@link #MAX_ENTRIES} at once, each entry accepted or not. */
public interface EventPublisher {

    /** EventBridge's {@code PutEvents} limit. */
    int MAX_ENTRIES = 10;

    /**
     * Puts {@code events}, in order, at most {@link #MAX_ENTRIES}.
     *
     * @return for each event, in the same order, whether it was accepted
     * @throws dev.anonymousaccess.error.StoreUnavailableException when the put failed as a whole
     */
    List<Boolean> put(List<LifecycleEvent> events);
}
