package dev.anonymousaccess.store;

import java.util.function.Supplier;

import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.observability.StoreCalls;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Every DynamoDB call of the stores passes here: it is counted for the invocation's summary (an SDK retry is the same
 * call), and an SDK failure is counted and becomes a {@link StoreUnavailableException}; outcomes the stores handle
 * themselves pass through. Counting here rather than in an SDK interceptor: measured, an interceptor cost the native
 * cold start about 5 ms (docs/performance.md).
 */
final class StoreCall {

    private StoreCall() {
    }

    static <T> T run(StoreCalls meter, String operation, Supplier<T> call) {
        meter.called();
        try {
            return call.get();
        } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
            throw e;
        } catch (SdkException e) {
            throw unavailable(meter, operation, e);
        }
    }

    /** A failure of {@code operation} that the store found itself (not an SDK exception), counted as one. */
    static StoreUnavailableException unavailable(StoreCalls meter, String operation, Throwable cause) {
        meter.failed();
        return new StoreUnavailableException(operation, cause);
    }
}
