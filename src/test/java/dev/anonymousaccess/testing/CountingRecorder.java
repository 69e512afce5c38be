package dev.anonymousaccess.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.observability.Metric;

/** A recorder that keeps what the rules counted, in order, for a test to look at. */
public final class CountingRecorder implements InvocationRecorder {

    private final List<Metric> counted = new CopyOnWriteArrayList<>();

    @Override
    public void count(Metric metric) {
        counted.add(metric);
    }

    public List<Metric> counted() {
        return List.copyOf(counted);
    }
}
