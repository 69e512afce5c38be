package dev.anonymousaccess.store;

import static dev.anonymousaccess.store.AttributeValues.bool;
import static dev.anonymousaccess.store.AttributeValues.n;
import static dev.anonymousaccess.store.AttributeValues.number;
import static dev.anonymousaccess.store.AttributeValues.optionalString;
import static dev.anonymousaccess.store.AttributeValues.s;
import static dev.anonymousaccess.store.AttributeValues.seconds;
import static dev.anonymousaccess.store.AttributeValues.string;
import static dev.anonymousaccess.store.AttributeValues.strings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.client.CaptchaPolicy;
import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientCredentials;
import dev.anonymousaccess.client.ClientRepository;
import dev.anonymousaccess.client.Deprecation;
import dev.anonymousaccess.observability.StoreCalls;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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

    static final String CLIENT_PREFIX = "CLIENT#";
    static final String ORIGIN_PREFIX = "ORIGIN#";
    static final String CLIENT_TYPE = "client";
    static final String CLIENT_ID = "clientId";
    static final String NAME = "name";
    static final String ALLOWED_ORIGINS = "allowedOrigins";
    static final String ENABLED = "enabled";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String VERSION = "version";
    static final String CLIENT_IDS = "clientIds";
    static final String SIGNUPS_PER_IP = "signupsPerIp";
    static final String CAPTCHA_PROVIDER = "captchaProvider";
    static final String CAPTCHA_SECRET_PARAMETER = "captchaSecretParameter";
    static final String CAPTCHA_FAIL_OPEN = "captchaFailOpen";
    static final String DEPRECATED_AT = "deprecatedAt";
    static final String SUNSET_AT = "sunsetAt";
    static final String DEPRECATION_LINK = "deprecationLink";
    static final String SECRET_HASH = "secretHash";
    static final String SECRET_ISSUED_AT = "secretIssuedAt";
    static final String PREVIOUS_SECRET_HASH = "previousSecretHash";
    static final String PREVIOUS_SECRET_VALID_UNTIL = "previousSecretValidUntil";
    /** BatchGetItem retries of unprocessed keys, after pauses of 50, 100 and 200 ms: bounded well below a second. */
    static final int UNPROCESSED_RETRIES = 3;
    static final Duration UNPROCESSED_BACKOFF = Duration.ofMillis(50);
    private static final Logger LOG = Logger.getLogger(DynamoDbClientStore.class);

    private final DynamoDbClient dynamo;
    private final String table;
    private final StoreCalls meter;

    DynamoDbClientStore(DynamoDbClient dynamo, TableSettings settings, StoreCalls meter) {
        this.meter = meter;
        this.dynamo = dynamo;
        this.table = settings.tableName();
    }

    @Override
    public Optional<ClientApp> find(String clientId) {
        Map<String, AttributeValue> item = StoreCall.run(meter, "GetItem", () -> dynamo.getItem(b -> b.tableName(table)
                .key(key(CLIENT_PREFIX + clientId)).consistentRead(true))).item();
        return readable(clientId, item);
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
        Put.Builder put = Put.builder().tableName(table).item(toItem(app));
        if (previous.isPresent()) {
            put.conditionExpression("#type = :client AND #v = :v")
                    .expressionAttributeNames(Map.of("#v", VERSION, "#type", TableSettings.TYPE))
                    .expressionAttributeValues(Map.of(":v", n(previous.get().version()), ":client", s(CLIENT_TYPE)));
        } else {
            put.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", TableSettings.PK));
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
            StoreCall.run(meter, "TransactWriteItems", () -> dynamo.transactWriteItems(b -> b.transactItems(writes)));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                return find(app.clientId()).filter(app::equals).isPresent();
            }
            throw StoreCall.unavailable(meter, "TransactWriteItems", e);
        }
    }

    /**
     * True when one of {@code patterns} (canonical allowed origins) belongs to at least one enabled client app. Keys
     * DynamoDB leaves unprocessed (throttling) are asked again a few times with growing pauses, then the lookup fails.
     */
    @Override
    public boolean anyClientAllowsOneOf(List<String> patterns) {
        List<Map<String, AttributeValue>> keys = patterns.stream().distinct().map(p -> key(ORIGIN_PREFIX + p)).toList();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                .projectionExpression("#ids").expressionAttributeNames(Map.of("#ids", CLIENT_IDS)).build());
        for (int attempt = 0; attempt <= UNPROCESSED_RETRIES; attempt++) {
            if (attempt > 0) {
                pause(UNPROCESSED_BACKOFF.multipliedBy(1L << (attempt - 1)));
            }
            Map<String, KeysAndAttributes> pending = request;
            BatchGetItemResponse response = StoreCall.run(meter, "BatchGetItem",
                    () -> dynamo.batchGetItem(b -> b.requestItems(pending)));
            boolean found = response.responses().getOrDefault(table, List.of()).stream()
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
        throw StoreCall.unavailable(meter, "BatchGetItem", new IllegalStateException(
                "keys still unprocessed after " + UNPROCESSED_RETRIES + " retries"));
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StoreCall.unavailable(meter, "BatchGetItem", new IllegalStateException("interrupted"));
        }
    }

    private static List<String> indexedOrigins(ClientApp app) {
        return app.enabled() ? app.allowedOrigins() : List.of();
    }

    private TransactWriteItem addToOriginIndex(String origin, String clientId) {
        return originIndexUpdate(origin, "ADD #ids :id SET #type = :type",
                Map.of("#ids", CLIENT_IDS, "#type", TableSettings.TYPE),
                Map.of(":id", AttributeValue.fromSs(List.of(clientId)), ":type", s("origin")));
    }

    private TransactWriteItem removeFromOriginIndex(String origin, String clientId) {
        // DynamoDB drops a set attribute that becomes empty, so a preflight then finds no client.
        return originIndexUpdate(origin, "DELETE #ids :id", Map.of("#ids", CLIENT_IDS),
                Map.of(":id", AttributeValue.fromSs(List.of(clientId))));
    }

    private TransactWriteItem originIndexUpdate(String origin, String expression, Map<String, String> names,
            Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(ORIGIN_PREFIX + origin))
                .updateExpression(expression).expressionAttributeNames(names).expressionAttributeValues(values).build())
                .build();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of(TableSettings.PK, s(pk));
    }

    private static Map<String, AttributeValue> toItem(ClientApp app) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSettings.PK, s(CLIENT_PREFIX + app.clientId()));
        item.put(TableSettings.TYPE, s(CLIENT_TYPE));
        item.put(CLIENT_ID, s(app.clientId()));
        item.put(NAME, s(app.name()));
        item.put(ALLOWED_ORIGINS, strings(app.allowedOrigins()));
        item.put(ENABLED, bool(app.enabled()));
        item.put(SIGNUPS_PER_IP, n(app.signupsPerIp()));
        if (app.captcha() != null) {
            item.put(CAPTCHA_PROVIDER, s(app.captcha().provider().name()));
            item.put(CAPTCHA_SECRET_PARAMETER, s(app.captcha().secretParameter()));
            item.put(CAPTCHA_FAIL_OPEN, bool(app.captcha().failOpen()));
        }
        if (app.deprecation() != null) {
            item.put(DEPRECATED_AT, seconds(app.deprecation().deprecatedAt()));
            if (app.deprecation().sunsetAt() != null) {
                item.put(SUNSET_AT, seconds(app.deprecation().sunsetAt()));
            }
            if (app.deprecation().link() != null) {
                item.put(DEPRECATION_LINK, s(app.deprecation().link().toString()));
            }
        }
        if (app.credentials() != null) {
            ClientCredentials credentials = app.credentials();
            item.put(SECRET_HASH, s(credentials.secretHash()));
            item.put(SECRET_ISSUED_AT, seconds(credentials.issuedAt()));
            if (credentials.previousSecretHash() != null) {
                item.put(PREVIOUS_SECRET_HASH, s(credentials.previousSecretHash()));
                item.put(PREVIOUS_SECRET_VALID_UNTIL, seconds(credentials.previousValidUntil()));
            }
        }
        item.put(CREATED_AT, seconds(app.createdAt()));
        item.put(UPDATED_AT, seconds(app.updatedAt()));
        item.put(VERSION, n(app.version()));
        return item;
    }

    private static Optional<ClientApp> readable(String clientId, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(toClient(item));
        } catch (DamagedItemException e) {
            LOG.warnf("damaged item of client app %s, read as no client app: %s", clientId, e.getMessage());
            return Optional.empty();
        }
    }

    private static ClientApp toClient(Map<String, AttributeValue> item) {
        // Items from before sign-up limits existed get the default limit and no bot check.
        int signupsPerIp = item.containsKey(SIGNUPS_PER_IP) ? (int) number(item, SIGNUPS_PER_IP)
                : ClientApp.DEFAULT_SIGNUPS_PER_IP;
        return ClientApp.builder().clientId(string(item, CLIENT_ID)).name(string(item, NAME))
                .allowedOrigins(strings(item, ALLOWED_ORIGINS)).enabled(bool(item, ENABLED)).signupsPerIp(signupsPerIp)
                .captcha(captcha(item)).createdAt(seconds(item, CREATED_AT)).updatedAt(seconds(item, UPDATED_AT))
                .version(number(item, VERSION)).deprecation(deprecation(item)).credentials(credentials(item)).build();
    }

    private static ClientCredentials credentials(Map<String, AttributeValue> item) {
        if (!item.containsKey(SECRET_HASH)) {
            return null;
        }
        return new ClientCredentials(string(item, SECRET_HASH), seconds(item, SECRET_ISSUED_AT),
                optionalString(item, PREVIOUS_SECRET_HASH),
                item.containsKey(PREVIOUS_SECRET_VALID_UNTIL) ? seconds(item, PREVIOUS_SECRET_VALID_UNTIL) : null);
    }

    private static Deprecation deprecation(Map<String, AttributeValue> item) {
        if (!item.containsKey(DEPRECATED_AT)) {
            return null;
        }
        String link = optionalString(item, DEPRECATION_LINK);
        try {
            return new Deprecation(seconds(item, DEPRECATED_AT),
                    item.containsKey(SUNSET_AT) ? seconds(item, SUNSET_AT) : null,
                    link == null ? null : URI.create(link));
        } catch (IllegalArgumentException e) {
            throw new DamagedItemException(DEPRECATION_LINK);
        }
    }

    private static CaptchaPolicy captcha(Map<String, AttributeValue> item) {
        String provider = optionalString(item, CAPTCHA_PROVIDER);
        if (provider == null) {
            return null;
        }
        try {
            return new CaptchaPolicy(CaptchaPolicy.Provider.valueOf(provider), string(item, CAPTCHA_SECRET_PARAMETER),
                    bool(item, CAPTCHA_FAIL_OPEN));
        } catch (IllegalArgumentException e) {
            throw new DamagedItemException(CAPTCHA_PROVIDER);
        }
    }
}
