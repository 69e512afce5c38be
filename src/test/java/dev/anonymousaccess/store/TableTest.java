package dev.anonymousaccess.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.anonymousaccess.error.StoreUnavailableException;
import dev.anonymousaccess.observability.StoreCalls;
import dev.anonymousaccess.testing.MotoTable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What every store call is counted as (the invocation's summary and the {@code StoreFailures} metric read these
 * counts): a call once however often the SDK retries it, an SDK failure as a failure naming its operation, a failed
 * condition as no failure.
 */
class TableTest {

    static final String TABLE = "table-test";

    @RegisterExtension
    static final MotoTable STORE = new MotoTable(TABLE, false);

    final DynamoDbClient dynamo = STORE.dynamo();

    final StoreCalls meter = new StoreCalls();


    Table table(DynamoDbClient client) {
        return new Table(client, new TableSettings(TABLE), meter);
    }

    @Test
    void aCallIsCountedOnceAndIsNoFailure() {
        table(dynamo).call("GetItem", client -> client.getItem(b -> b.tableName(TABLE).key(key("absent"))));

        assertEquals(1, meter.calls());
        assertEquals(0, meter.failures());
    }

    @Test
    void aFailedConditionIsAnAnswerNotAFailure() {
        Table table = table(dynamo);

        assertFalse(table.conditionHeld("UpdateItem", client -> client.updateItem(b -> b.tableName(TABLE)
                .key(key("absent")).updateExpression("SET #v = :v").conditionExpression("attribute_exists(#v)")
                .expressionAttributeNames(Map.of("#v", "v")).expressionAttributeValues(Map.of(":v", n(1))))));
        assertTrue(table.conditionHeld("PutItem",
                client -> client.putItem(b -> b.tableName(TABLE).item(key("present")))));

        assertEquals(2, meter.calls());
        assertEquals(0, meter.failures());
    }

    @Test
    void anSdkFailureIsCountedAndNamesItsOperation() {
        try (DynamoDbClient unreachable = unreachable(c -> c.retryStrategy(b -> b.maxAttempts(1)))) {
            StoreUnavailableException failure = assertThrows(StoreUnavailableException.class,
                    () -> table(unreachable).call("GetItem", client -> client.getItem(b -> b.tableName(TABLE)
                            .key(key("any")))));

            assertTrue(failure.logDetail().startsWith("DynamoDB GetItem failed"), failure.logDetail());
            assertEquals(1, meter.calls());
            assertEquals(1, meter.failures());
        }
    }

    @Test
    void theSdksRetriesOfACallAreThatOneCall() {
        AtomicInteger attempts = new AtomicInteger();
        ExecutionInterceptor counting = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                attempts.incrementAndGet();
            }
        };
        try (DynamoDbClient unreachable = unreachable(c -> c.addExecutionInterceptor(counting))) {
            assertThrows(StoreUnavailableException.class, () -> table(unreachable).call("GetItem",
                    client -> client.getItem(b -> b.tableName(TABLE).key(key("any")))));

            assertTrue(attempts.get() > 1, "the SDK retried: " + attempts.get() + " attempts");
            assertEquals(1, meter.calls());
            assertEquals(1, meter.failures());
        }
    }

    /** A client of a port nobody listens on, its SDK defaults changed by {@code configuration}. */
    static DynamoDbClient unreachable(Consumer<ClientOverrideConfiguration.Builder> configuration) {
        return DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:1")).region(Region.US_EAST_1)
                .credentialsProvider(() -> AwsBasicCredentials.create("test", "test"))
                .overrideConfiguration(configuration).build();
    }

    static Map<String, AttributeValue> key(String pk) {
        return Map.of(TableSettings.PK, AttributeValue.fromS(pk));
    }

    static AttributeValue n(int value) {
        return AttributeValue.fromN(Integer.toString(value));
    }
}
