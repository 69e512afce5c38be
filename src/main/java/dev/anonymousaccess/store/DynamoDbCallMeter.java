package dev.anonymousaccess.store;

import dev.anonymousaccess.observability.Invocation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the DynamoDB API calls of the invocation in progress, for its summary line (an SDK retry is the same call).
 * Registered with {@code quarkus.dynamodb.interceptors}.
 */
public class DynamoDbCallMeter implements ExecutionInterceptor {

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
        Invocation.countDynamoDbCall();
    }
}
