package dev.anonymousaccess.store;

import static dev.anonymousaccess.store.AttributeValues.n;
import static dev.anonymousaccess.store.AttributeValues.s;
import static dev.anonymousaccess.store.DamagedItemException.readOrNone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientRepository;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Client apps and the origin index that lets a CORS preflight (which carries no client id) find out by key whether
 * any client app admits its origin.
 */
@ApplicationScoped
public class DynamoDbClientStore implements ClientRepository {

    static final String ORIGIN_PREFIX = "ORIGIN#";
    static final String ORIGIN_TYPE = "origin";
    static final String CLIENT_IDS = "clientIds";
    /** BatchGetItem retries of unprocessed keys, after pauses of 50, 100 and 200 ms: bounded well below a second. */
    static final int UNPROCESSED_RETRIES = 3;
    static final Duration UNPROCESSED_BACKOFF = Duration.ofMillis(50);
    private static final Logger LOG = Logger.getLogger(DynamoDbClientStore.class);

    private final Table table;

    DynamoDbClientStore(Table table) {
        this.table = table;
    }

    @Override
    public Optional<ClientApp> find(String clientId) {
        Map<String, AttributeValue> item = table.call("GetItem", dynamo -> dynamo.getItem(b -> b.tableName(table.name())
                .key(ClientItem.key(clientId)).consistentRead(true))).item();
        return readOrNone("client app " + clientId, item, stored -> true, ClientItem::read);
    }

    /**
     * Writes {@code app} (version {@code previous.version + 1}, or 1 when new) together with the origin index, in one
     * transaction that fails if someone else changed the client app since {@code previous} was read. Only enabled
     * client apps are in the origin index, so a preflight never answers for a disabled one. Idempotent under the
     * SDK's retries: a failed condition caused by an earlier attempt of this very write is success.
     *
     * @return false when the client app changed concurrently; nothing was written
     */
    @Override
    public boolean save(ClientApp app, Optional<ClientApp> previous) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Put.Builder put = Put.builder().tableName(table.name()).item(ClientItem.of(app));
        if (previous.isPresent()) {
            put.conditionExpression("#type = :client AND #v = :v")
                    .expressionAttributeNames(Map.of("#v", ClientItem.VERSION, "#type", TableSettings.TYPE))
                    .expressionAttributeValues(Map.of(":v", n(previous.get().version()), ":client",
                            s(ClientItem.TYPE)));
        } else {
            put.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", TableSettings.PK));
        }
        writes.add(TransactWriteItem.builder().put(put.build()).build());

        Set<String> before = new LinkedHashSet<>(previous.map(DynamoDbClientStore::indexedOrigins).orElse(List.of()));
        Set<String> after = new LinkedHashSet<>(indexedOrigins(app));
        for (String origin : after) {
            if (!before.contains(origin)) {
                writes.add(addToOriginIndex(origin, app.clientId()));
            }
        }
        for (String origin : before) {
            if (!after.contains(origin)) {
                writes.add(removeFromOriginIndex(origin, app.clientId()));
            }
        }
        try {
            table.call("TransactWriteItems", dynamo -> dynamo.transactWriteItems(b -> b.transactItems(writes)));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                return find(app.clientId()).filter(app::equals).isPresent();
            }
            throw table.unavailable("TransactWriteItems", e);
        }
    }

    /**
     * True when one of {@code patterns} (canonical allowed origins) belongs to at least one enabled client app. Keys
     * DynamoDB leaves unprocessed (throttling) are asked again a few times with growing pauses, then the lookup fails.
     */
    @Override
    public boolean anyClientAllowsOneOf(List<String> patterns) {
        List<Map<String, AttributeValue>> keys = patterns.stream().distinct().map(p -> key(ORIGIN_PREFIX + p)).toList();
        Map<String, KeysAndAttributes> request = Map.of(table.name(), KeysAndAttributes.builder().keys(keys)
                .projectionExpression("#ids").expressionAttributeNames(Map.of("#ids", CLIENT_IDS)).build());
        for (int attempt = 0; attempt <= UNPROCESSED_RETRIES; attempt++) {
            if (attempt > 0) {
                pause(UNPROCESSED_BACKOFF.multipliedBy(1L << (attempt - 1)));
            }
            Map<String, KeysAndAttributes> pending = request;
            BatchGetItemResponse response = table.call("BatchGetItem",
                    dynamo -> dynamo.batchGetItem(b -> b.requestItems(pending)));
            boolean found = response.responses().getOrDefault(table.name(), List.of()).stream()
                    .anyMatch(item -> item.containsKey(CLIENT_IDS) && item.get(CLIENT_IDS).hasSs()
                            && !item.get(CLIENT_IDS).ss().isEmpty());
            if (found) {
                return true;
            }
            if (!response.hasUnprocessedKeys() || response.unprocessedKeys().isEmpty()) {
                return false;
            }
            request = response.unprocessedKeys();
        }
        throw table.unavailable("BatchGetItem", new IllegalStateException(
                "keys still unprocessed after " + UNPROCESSED_RETRIES + " retries"));
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw table.unavailable("BatchGetItem", new IllegalStateException("interrupted"));
        }
    }

    private static List<String> indexedOrigins(ClientApp app) {
        return app.enabled() && app.settings().allowedOrigins() != null ? app.settings().allowedOrigins() : List.of();
    }

    private TransactWriteItem addToOriginIndex(String origin, String clientId) {
        return originIndexUpdate(origin, "ADD #ids :id SET #type = :type",
                Map.of("#ids", CLIENT_IDS, "#type", TableSettings.TYPE),
                Map.of(":id", AttributeValue.fromSs(List.of(clientId)), ":type", s(ORIGIN_TYPE)));
    }

    private TransactWriteItem removeFromOriginIndex(String origin, String clientId) {
        // DynamoDB drops a set attribute that becomes empty, so a preflight then finds no client.
        return originIndexUpdate(origin, "DELETE #ids :id", Map.of("#ids", CLIENT_IDS),
                Map.of(":id", AttributeValue.fromSs(List.of(clientId))));
    }

    private TransactWriteItem originIndexUpdate(String origin, String expression, Map<String, String> names,
            Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(key(ORIGIN_PREFIX + origin)).updateExpression(expression).expressionAttributeNames(names)
                .expressionAttributeValues(values).build())
                .build();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of(TableSettings.PK, s(pk));
    }
}
