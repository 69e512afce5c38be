package dev.anonymousaccess.store;

import java.util.function.Supplier;

import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.observability.Invocation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Every DynamoDB call of the stores passes here: it is counted for the invocation's summary (an SDK retry is the same
 * call), and an SDK failure becomes a {@link StoreUnavailableException}; outcomes the stores handle themselves pass
 * through. Counting here rather than in an SDK interceptor: measured, an interceptor cost the native cold start about
 * 5 ms (README: Performance).
 */
final class StoreCall {

    private StoreCall() {
    }

    static <T> T run(String operation, Supplier<T> call) {
        Invocation.countDynamoDbCall();
        try {
            return call.get();
        } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
            throw e;
        } catch (SdkException e) {
            throw new StoreUnavailableException(operation, e);
        }
    }
}
