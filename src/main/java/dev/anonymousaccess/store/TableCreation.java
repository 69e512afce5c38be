package dev.anonymousaccess.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Creates the table as {@code template.yaml} declares it, for local runs and tests (in AWS the stack owns it).
 */
public final class TableCreation {

    private TableCreation() {
    }

    /** Creates the table with TTL on {@code ttl} and its stream (new and old images), unless it exists already. */
    public static void createIfMissing(DynamoDbClient dynamo, String tableName) {
        createIfMissing(dynamo, tableName, true);
    }

    /**
     * The same, the stream only when {@code withStream}: moto_server keeps every record of a stream and slows down as
     * it grows, so tests that never read it go without.
     */
    public static void createIfMissing(DynamoDbClient dynamo, String tableName, boolean withStream) {
        try {
            dynamo.createTable(b -> b.tableName(tableName).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(TableSettings.PK)
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(TableSettings.PK).keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException e) {
            return;
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamo.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(t -> t.attributeName(TableSettings.TTL).enabled(true)));
        if (withStream) {
            dynamo.updateTable(b -> b.tableName(tableName).streamSpecification(stream -> stream.streamEnabled(true)
                    .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        }
    }
}
