package dev.anonymousaccess.observability;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The DynamoDB calls of this instance (an SDK retry is the same call) and how many failed, counted by the stores
 * where every call passes. {@link Invocations} reports the calls and failures made while an invocation ran: Lambda
 * runs one event at a time per instance, so those are the invocation's own.
 */
@ApplicationScoped
public class StoreCalls {

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /** One DynamoDB API call is about to be made. */
    public void called() {
        calls.incrementAndGet();
    }

    /** A call failed: the store was down, throttled, timed out or refused it. */
    public void failed() {
        failures.incrementAndGet();
    }

    public long calls() {
        return calls.get();
    }

    public long failures() {
        return failures.get();
    }
}
