package dev.anonymousaccess.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.lifecycle.ItemState.Kind;
import dev.anonymousaccess.observability.Metric;
import dev.anonymousaccess.testing.CountingRecorder;

/** A batch of stream records published in order, stopping at the first failure, and told where to resume. */
@Tag("rules")
class StreamBatchTest {

    /** A record as the tests deliver it: a sign-out of {@code user}, or a record that cannot be read. */
    record Rec(String sequenceNumber, String user, boolean readable) {
    }

    static final StreamBatch.Reader<Rec> READER = new StreamBatch.Reader<>() {
        @Override
        public String sequenceNumberOf(Rec record) {
            return record.sequenceNumber();
        }

        @Override
        public Change apply(Rec record) {
            if (!record.readable()) {
                throw new UnreadableChangeException("damaged");
            }
            ItemState before = ItemState.builder(Kind.USER).userId(record.user()).clientId("app")
                    .sessionId(record.user()).build();
            ItemState after = ItemState.builder(Kind.USER).userId(record.user()).clientId("app")
                    .sessionId(record.user()).revokedFor("sign_out").build();
            return new Change("event-" + record.sequenceNumber(), record.sequenceNumber(),
                    Instant.parse("2026-12-07T10:00:00Z"), Optional.of(before), Optional.of(after), false);
        }
    };

    /** Accepts everything except the events it is told to refuse, each as often as it is told. */
    static final class Bus implements EventPublisher {
        final List<LifecycleEvent> published = new ArrayList<>();
        final List<List<LifecycleEvent>> puts = new ArrayList<>();
        final List<String> refuse = new ArrayList<>();
        boolean down;

        @Override
        public List<Boolean> put(List<LifecycleEvent> events) {
            if (down) {
                throw new StoreUnavailableException("EventBridge", "PutEvents", new IllegalStateException("down"));
            }
            puts.add(List.copyOf(events));
            List<Boolean> accepted = new ArrayList<>();
            for (LifecycleEvent event : events) {
                boolean refused = refuse.remove(event.idempotencyKey());
                if (!refused) {
                    published.add(event);
                }
                accepted.add(!refused);
            }
            return accepted;
        }

        List<String> keys() {
            return published.stream().map(LifecycleEvent::idempotencyKey).toList();
        }
    }

    final Bus bus = new Bus();
    final CountingRecorder recorder = new CountingRecorder();
    final StreamBatch<Rec> batch = new StreamBatch<>(new Transitions(false), bus, attempt -> { });

    static List<Rec> records(String... users) {
        List<Rec> records = new ArrayList<>();
        for (int i = 0; i < users.length; i++) {
            records.add(new Rec(Integer.toString(100 + i), users[i], true));
        }
        return records;
    }

    @Test
    void everyEventIsPublishedInTheOrderOfItsRecords() {
        Optional<String> failed = batch.publish(records("a", "b", "c"), READER, recorder);

        assertTrue(failed.isEmpty());
        assertEquals(List.of("event-100", "event-101", "event-102"), bus.keys());
        assertEquals(3, recorder.counted().stream().filter(m -> m == Metric.LIFECYCLE_EVENTS_PUBLISHED).count());
    }

    @Test
    void anUnreadableRecordIsTheFailedItemAndOnlyTheRecordsBeforeItArePublished() {
        List<Rec> records = new ArrayList<>(records("a", "b"));
        records.add(new Rec("102", "c", false));
        records.add(new Rec("103", "d", true));

        Optional<String> failed = batch.publish(records, READER, recorder);

        assertEquals(Optional.of("102"), failed);
        assertEquals(List.of("event-100", "event-101"), bus.keys());
        assertTrue(recorder.counted().contains(Metric.STREAM_RECORDS_UNREADABLE));
    }

    @Test
    void anEntryThePutDidNotAcceptIsPutAgain() {
        bus.refuse.add("event-101");

        Optional<String> failed = batch.publish(records("a", "b", "c"), READER, recorder);

        assertTrue(failed.isEmpty());
        assertEquals(Set.of("event-100", "event-101", "event-102"), new HashSet<>(bus.keys()));
        assertEquals(List.of("event-101"), bus.puts.get(1).stream().map(LifecycleEvent::idempotencyKey).toList());
    }

    @Test
    void anEntryRefusedOnEveryAttemptIsTheFailedItemAndNothingAfterItIsPut() {
        for (int i = 0; i < StreamBatch.PUT_ATTEMPTS; i++) {
            bus.refuse.add("event-101");
        }
        List<Rec> records = records("a", "b", "c");
        records.add(new Rec("103", "a", true));

        Optional<String> failed = batch.publish(records, READER, recorder);

        assertEquals(Optional.of("101"), failed);
        assertTrue(!bus.keys().contains("event-103"), "a's next event waits for the batch to be delivered again");
        assertTrue(recorder.counted().contains(Metric.LIFECYCLE_EVENTS_FAILED));
    }

    @Test
    void aPutNeverHoldsTwoEventsOfOneUser() {
        batch.publish(records("a", "b", "a", "c"), READER, recorder);

        for (List<LifecycleEvent> put : bus.puts) {
            assertEquals(put.size(), put.stream().map(LifecycleEvent::userId).distinct().count(), put.toString());
        }
        assertEquals(List.of("event-100", "event-101", "event-102", "event-103"), bus.keys());
    }

    @Test
    void aPutHoldsAtMostTenEvents() {
        String[] users = new String[25];
        for (int i = 0; i < users.length; i++) {
            users[i] = "user-" + i;
        }

        batch.publish(records(users), READER, recorder);

        assertEquals(List.of(10, 10, 5), bus.puts.stream().map(List::size).toList());
    }

    @Test
    void aBusThatIsDownFailsTheBatchAtItsFirstEvent() {
        bus.down = true;

        assertEquals(Optional.of("100"), batch.publish(records("a", "b"), READER, recorder));
    }

    @Test
    void aBatchDeliveredAgainPublishesTheSameIdempotencyKeys() {
        batch.publish(records("a", "b"), READER, recorder);
        List<String> first = bus.keys();
        bus.published.clear();

        batch.publish(records("a", "b"), READER, recorder);

        assertEquals(first, bus.keys());
    }
}
