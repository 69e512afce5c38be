package dev.anonymousaccess.testing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.anonymousaccess.store.TableSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Reads and resets the table raw, as an auditor would (tests only: the application never scans). Uses a client of
 * its own, so its calls are not counted as the application's and are not bound by the application's short timeouts.
 */
@ApplicationScoped
public class TableContents {

    private final DynamoDbClient dynamo;
    private final String table;

    TableContents(TableSettings settings, @ConfigProperty(name = MotoServer.DIRECT_ENDPOINT) String endpoint,
            @ConfigProperty(name = "quarkus.dynamodb.aws.region") Optional<String> region,
            @ConfigProperty(name = "quarkus.dynamodb.aws.credentials.type") Optional<String> credentials) {
        // Bounded: a server left frozen fails the test that finds it within seconds instead of hanging the run.
        var builder = DynamoDbClient.builder().endpointOverride(URI.create(endpoint))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20)));
        region.ifPresent(r -> builder.region(Region.of(r)));
        builder.credentialsProvider(credentials.filter("static"::equals).isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))
                : DefaultCredentialsProvider.builder().build());
        this.dynamo = builder.build();
        this.table = settings.tableName();
    }

    @PreDestroy
    void close() {
        dynamo.close();
    }

    public List<Map<String, AttributeValue>> all() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(table).exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** Empties the table and disarms the fault proxy, so that each test starts from nothing. */
    /** The key set's item, which {@link #restore} leaves as it is. */
    static final AttributeValue SIGNING_KEYS = AttributeValue.fromS("KEYS#signing");

    /** Deletes the deployment's key set, behind the application's back (instances keep what they read). */
    public void forgetSigningKeys() {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", SIGNING_KEYS)));
    }

    public void clear() {
        restore(List.of());
    }

    /**
     * Makes the table hold exactly {@code items} (as {@link #all()} returned them) and disarms the fault proxy: one
     * scan, then batched writes of only what differs, so a test's fixture costs two calls rather than a few per item.
     */
    public void restore(List<Map<String, AttributeValue>> items) {
        MotoServer.resetFaults();
        Map<AttributeValue, Map<String, AttributeValue>> missing = new LinkedHashMap<>();
        items.stream().filter(item -> !SIGNING_KEYS.equals(item.get("pk"))).forEach(item -> missing.put(item.get("pk"),
                item));
        List<WriteRequest> writes = new ArrayList<>();
        for (Map<String, AttributeValue> item : all()) {
            if (SIGNING_KEYS.equals(item.get("pk"))) {
                continue; // the deployment's keys outlive every fixture, as they outlive every user
            }
            Map<String, AttributeValue> wanted = missing.remove(item.get("pk"));
            if (wanted == null) {
                writes.add(WriteRequest.builder().deleteRequest(d -> d.key(Map.of("pk", item.get("pk")))).build());
            } else if (!wanted.equals(item)) {
                writes.add(WriteRequest.builder().putRequest(p -> p.item(wanted)).build());
            }
        }
        missing.values().forEach(item -> writes.add(WriteRequest.builder().putRequest(p -> p.item(item)).build()));
        for (int from = 0; from < writes.size(); from += 25) {
            write(writes.subList(from, Math.min(from + 25, writes.size())));
        }
    }

    private void write(List<WriteRequest> batch) {
        List<WriteRequest> pending = batch;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt == 10) {
                throw new IllegalStateException(pending.size() + " writes stayed unprocessed");
            }
            List<WriteRequest> requests = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, requests)));
            pending = response.unprocessedItems().getOrDefault(table, List.of());
        }
    }

    public List<Map<String, AttributeValue>> users() {
        return all().stream().filter(item -> item.get("pk").s().startsWith("USER#")).toList();
    }

    public Map<String, AttributeValue> user(String userId) {
        return dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("USER#" + userId)))
                .consistentRead(true)).item();
    }

    /** Writes an attribute of a user item directly, e.g. to age it. */
    public void setUserAttribute(String userId, String attribute, AttributeValue value) {
        setAttribute("USER#" + userId, attribute, value);
    }

    /** Removes an attribute of a user item directly, behind the application's back. */
    public void removeUserAttribute(String userId, String attribute) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("USER#" + userId)))
                .updateExpression("REMOVE #a").expressionAttributeNames(Map.of("#a", attribute)));
    }

    /** Writes an attribute of any item directly, behind the application's back. */
    public void setAttribute(String pk, String attribute, AttributeValue value) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk)))
                .updateExpression("SET #a = :v").expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":v", value)));
    }
}
