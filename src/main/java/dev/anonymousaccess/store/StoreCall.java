package dev.anonymousaccess.store;

import java.util.function.Supplier;

import dev.anonymousaccess.error.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Turns SDK failures into {@link StoreUnavailableException}; outcomes the stores handle themselves pass through. */
final class StoreCall {

    private StoreCall() {
    }

    static <T> T run(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
            throw e;
        } catch (SdkException e) {
            throw new StoreUnavailableException(operation, e);
        }
    }
}
