package dev.anonymousaccess.lifecycle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.jboss.logging.Logger;

import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.Metric;

/**
 * Publishes the events of one batch of stream records, in order, and says where the batch must be delivered again
 * from. Records are read one by one; the first that cannot be read, or whose event cannot be put after
 * {@link #PUT_ATTEMPTS} attempts, is the batch's failed item: everything before it is published, nothing after it is
 * (so a user's events never overtake one another), and Lambda delivers the batch again from it. Events go out in
 * puts of at most ten, never two of one user in one put, so that a put that accepts some entries and not others cannot
 * reorder a user's events either. Delivery is at least once: a batch delivered again publishes its events again, with
 * the same idempotency keys.
 *
 * @param <R> a stream record as delivered
 */
public final class StreamBatch<R> {

    static final int PUT_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(StreamBatch.class);

    private final Transitions transitions;
    private final EventPublisher publisher;
    private final Pause pause;

    /** How a retry waits; the tests do not. */
    @FunctionalInterface
    public interface Pause {
        void before(int attempt);
    }

    /** Jittered, doubling: about 50 ms before the second attempt, 100 ms before the third. */
    public static final Pause SLEEP = attempt -> {
        long base = 25L << (attempt - 1);
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    public StreamBatch(Transitions transitions, EventPublisher publisher, Pause pause) {
        this.transitions = transitions;
        this.publisher = publisher;
        this.pause = pause;
    }

    /** What a record is, read, and what it is known by. */
    public interface Reader<R> extends Function<R, Change> {

        /** The record's sequence number, readable even when the rest of the record is not. */
        String sequenceNumberOf(R record);
    }

    /**
     * @return the sequence number of the first record that failed, or empty when the whole batch was published
     */
    public Optional<String> publish(List<R> records, Reader<R> reader, InvocationRecorder recorder) {
        List<Pending> pending = new ArrayList<>();
        Optional<String> failed = Optional.empty();
        for (R record : records) {
            String sequenceNumber = reader.sequenceNumberOf(record);
            try {
                Change change = reader.apply(record);
                transitions.eventOf(change).ifPresent(event -> pending.add(new Pending(event, sequenceNumber)));
            } catch (UnreadableChangeException e) {
                recorder.count(Metric.STREAM_RECORDS_UNREADABLE);
                LOG.errorf("stream record %s cannot be read: %s", sequenceNumber, e.getMessage());
                failed = Optional.of(sequenceNumber);
                break;
            }
        }
        Optional<String> notPut = putInOrder(pending, recorder);
        return notPut.isPresent() ? notPut : failed;
    }

    private record Pending(LifecycleEvent event, String sequenceNumber) {
    }

    /** @return the sequence number of the record of the first event that could not be put */
    private Optional<String> putInOrder(List<Pending> pending, InvocationRecorder recorder) {
        int next = 0;
        while (next < pending.size()) {
            List<Pending> chunk = chunkFrom(pending, next);
            List<Pending> left = chunk;
            for (int attempt = 1; !left.isEmpty() && attempt <= PUT_ATTEMPTS; attempt++) {
                if (attempt > 1) {
                    pause.before(attempt);
                }
                left = putOnce(left);
            }
            int published = chunk.size() - left.size();
            for (int i = 0; i < published; i++) {
                recorder.count(Metric.LIFECYCLE_EVENTS_PUBLISHED);
            }
            if (!left.isEmpty()) {
                left.forEach(p -> recorder.count(Metric.LIFECYCLE_EVENTS_FAILED));
                LOG.errorf("%d lifecycle events could not be put after %d attempts; the batch is delivered again"
                        + " from record %s", left.size(), PUT_ATTEMPTS, left.get(0).sequenceNumber());
                return Optional.of(left.get(0).sequenceNumber());
            }
            next += chunk.size();
        }
        return Optional.empty();
    }

    /** @return the entries not accepted, in order */
    private List<Pending> putOnce(List<Pending> entries) {
        List<Boolean> accepted;
        try {
            accepted = publisher.put(entries.stream().map(Pending::event).toList());
        } catch (StoreUnavailableException e) {
            LOG.warnf("lifecycle events not put: %s", e.logDetail());
            return entries;
        }
        List<Pending> left = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!accepted.get(i)) {
                left.add(entries.get(i));
            }
        }
        return left;
    }

    /** From {@code from} on: at most ten events, no two of one user (nor of a merge's two users). */
    private static List<Pending> chunkFrom(List<Pending> pending, int from) {
        List<Pending> chunk = new ArrayList<>();
        Set<String> users = new HashSet<>();
        for (int i = from; i < pending.size() && chunk.size() < EventPublisher.MAX_ENTRIES; i++) {
            LifecycleEvent event = pending.get(i).event();
            if (!users.add(event.userId()) || (event.mergedUserId() != null && !users.add(event.mergedUserId()))) {
                break;
            }
            chunk.add(pending.get(i));
        }
        return chunk;
    }
}
