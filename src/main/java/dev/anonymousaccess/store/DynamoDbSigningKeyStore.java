package dev.anonymousaccess.store;

import static dev.anonymousaccess.store.AttributeValues.n;
import static dev.anonymousaccess.store.AttributeValues.s;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.jwt.KeySet;
import dev.anonymousaccess.jwt.SigningKeyRepository;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The key set in DynamoDB: one item ({@link SigningKeysItem}), replaced only from the version read. */
@ApplicationScoped
public class DynamoDbSigningKeyStore implements SigningKeyRepository {

    private static final Logger LOG = Logger.getLogger(DynamoDbSigningKeyStore.class);

    private final Table table;

    DynamoDbSigningKeyStore(Table table) {
        this.table = table;
    }

    /** One strongly consistent GetItem. A damaged set is a store failure: nothing may sign or verify with a guess. */
    @Override
    public KeySet read() {
        Map<String, AttributeValue> item = table.call("GetItem", dynamo -> dynamo.getItem(b -> b.tableName(table.name())
                .key(SigningKeysItem.key()).consistentRead(true))).item();
        if (item == null || item.isEmpty()) {
            return KeySet.EMPTY;
        }
        try {
            return SigningKeysItem.read(item);
        } catch (DamagedItemException e) {
            LOG.errorf("the signing key set is damaged: %s", e.getMessage());
            throw table.unavailable("GetItem", e);
        }
    }

    /**
     * One conditional PutItem. Idempotent under the SDK's retries: a failed condition because an earlier attempt of
     * this very write landed is success.
     */
    @Override
    public boolean save(KeySet next, long expectedVersion) {
        try {
            table.call("PutItem", dynamo -> dynamo.putItem(b -> b.tableName(table.name()).item(SigningKeysItem.of(next))
                    .conditionExpression(expectedVersion == 0 ? "attribute_not_exists(#pk)"
                            : "#type = :type AND #v = :expected")
                    .expressionAttributeNames(expectedVersion == 0 ? Map.of("#pk", TableSettings.PK)
                            : Map.of("#type", TableSettings.TYPE, "#v", SigningKeysItem.VERSION))
                    .expressionAttributeValues(expectedVersion == 0 ? null
                            : Map.of(":type", s(SigningKeysItem.TYPE), ":expected", n(expectedVersion)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return read().equals(next);
        }
    }
}
