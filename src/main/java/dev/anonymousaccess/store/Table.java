package dev.anonymousaccess.store;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.observability.StoreCalls;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The service's one table as the stores call it. Every call passes here: it is counted for the invocation's summary
 * (an SDK retry is the same call), and an SDK failure is counted and becomes a {@link StoreUnavailableException};
 * outcomes the stores handle themselves pass through. Counting here rather than in an SDK interceptor: measured, an
 * interceptor cost the native cold start about 5 ms (docs/performance.md).
 */
@ApplicationScoped
class Table {

    private final DynamoDbClient dynamo;
    private final TableSettings settings;
    private final StoreCalls meter;

    Table(DynamoDbClient dynamo, TableSettings settings, StoreCalls meter) {
        this.dynamo = dynamo;
        this.settings = settings;
        this.meter = meter;
    }

    /** The table's name, for requests and for the items of a transaction. */
    String name() {
        return settings.tableName();
    }

    /** One DynamoDB call, named by its operation ({@code PutItem}, ...) for the metric and the log. */
    <T> T call(String operation, Function<DynamoDbClient, T> call) {
        meter.called();
        try {
            return call.apply(dynamo);
        } catch (ConditionalCheckFailedException | TransactionCanceledException e) {
            throw e;
        } catch (SdkException e) {
            throw unavailable(operation, e);
        }
    }

    /** A failure of {@code operation} that a store found itself (not an SDK exception), counted as one. */
    StoreUnavailableException unavailable(String operation, Throwable cause) {
        meter.failed();
        return new StoreUnavailableException(operation, cause);
    }

    /**
     * One conditional write: true when it was applied, false when its condition failed. Only for writes whose failed
     * condition is the answer; those that must tell a retry of themselves from a rival read what failed.
     */
    boolean conditionHeld(String operation, Function<DynamoDbClient, ?> write) {
        try {
            call(operation, write);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
