package dev.anonymousaccess.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the DynamoDB calls the application makes, by operation, inside the SDK (an execution interceptor installed in
 * the test profile only), and can fail one before it is sent. {@link DynamoDbProxy} does the same on the wire.
 */
public class SdkCallCounter implements ExecutionInterceptor {

    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, Runnable> BEFORE_NEXT = new ConcurrentHashMap<>();

    /** Makes the next call of {@code operation} fail before it is sent, as a broken connection would. */
    public static void failNext(String operation) {
        beforeNext(operation, () -> {
            throw software.amazon.awssdk.core.exception.SdkClientException.create("injected failure: " + operation);
        });
    }

    /** Runs {@code action} just before the next call of {@code operation} is sent (e.g. to freeze the server). */
    public static void beforeNext(String operation, Runnable action) {
        BEFORE_NEXT.put(operation, action);
    }

    public static void reset() {
        CALLS.clear();
        BEFORE_NEXT.clear();
    }

    public static int count(String operation) {
        AtomicInteger count = CALLS.get(operation);
        return count == null ? 0 : count.get();
    }

    public static int total() {
        return CALLS.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public static Map<String, Integer> snapshot() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        CALLS.forEach((operation, count) -> copy.put(operation, count.get()));
        return copy;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CALLS.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                name -> new AtomicInteger()).incrementAndGet();
        Runnable action = BEFORE_NEXT.remove(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        if (action != null) {
            action.run();
        }
    }
}
