package dev.anonymousaccess.store;

import static dev.anonymousaccess.store.AttributeValues.bool;
import static dev.anonymousaccess.store.AttributeValues.millis;
import static dev.anonymousaccess.store.AttributeValues.n;
import static dev.anonymousaccess.store.AttributeValues.number;
import static dev.anonymousaccess.store.AttributeValues.optionalMillis;
import static dev.anonymousaccess.store.AttributeValues.optionalSeconds;
import static dev.anonymousaccess.store.AttributeValues.optionalString;
import static dev.anonymousaccess.store.AttributeValues.s;
import static dev.anonymousaccess.store.AttributeValues.seconds;
import static dev.anonymousaccess.store.AttributeValues.string;
import static dev.anonymousaccess.store.AttributeValues.strings;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.observability.StoreCalls;
import dev.anonymousaccess.user.User;
import dev.anonymousaccess.user.UserRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Users in DynamoDB, one item per session ({@code USER#<sessionId>}; an anonymous user's only session has the user's
 * id). The item's TTL is an anonymous user's end of life; a claimed user's items have none.
 */
@ApplicationScoped
public class DynamoDbUserStore implements UserRepository {

    static final String USER_PREFIX = "USER#";
    static final String USER_ID = "userId";
    static final String CLIENT_ID = "clientId";
    static final String CREATED_AT = "createdAt";
    static final String LAST_SEEN_AT = "lastSeenAt";
    static final String ACCESS_TOKEN_HASH = "accessTokenHash";
    static final String ACCESS_TOKEN_EXPIRES_AT = "accessTokenExpiresAt";
    static final String REFRESH_TOKEN_HASH = "refreshTokenHash";
    static final String PREVIOUS_REFRESH_TOKEN_HASH = "previousRefreshTokenHash";
    static final String REFRESH_ROTATED_AT = "refreshRotatedAt";
    static final String RETIRED_REFRESH_TOKEN_HASHES = "retiredRefreshTokenHashes";
    static final String REVOKED = "revoked";
    static final String REVOKED_AT = "revokedAt";
    static final String ROTATION_KEY = "rotationKey";
    static final String VERSION = "version";
    static final String SUBJECT = "subject";
    static final String CLAIMED_AT = "claimedAt";
    static final String SESSIONS = "sessions";
    static final String USER_TYPE = "user";
    static final String SESSION_TYPE = "session";
    private static final Logger LOG = Logger.getLogger(DynamoDbUserStore.class);

    private final DynamoDbClient dynamo;
    private final String table;
    private final StoreCalls meter;

    DynamoDbUserStore(DynamoDbClient dynamo, TableSettings settings, StoreCalls meter) {
        this.meter = meter;
        this.dynamo = dynamo;
        this.table = settings.tableName();
    }

    /**
     * One conditional PutItem: a new user, never overwriting an existing one. Idempotent under the SDK's retries: when
     * the condition fails because an earlier attempt of this very write landed, that is success.
     *
     * @return false when another user already has this id; nothing was written
     */
    @Override
    public boolean insert(User user) {
        try {
            StoreCall.run(meter, "PutItem", () -> dynamo.putItem(b -> b.tableName(table).item(toItem(user))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", TableSettings.PK))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return e.hasItem() && user.accessTokenHash().equals(e.item().get(ACCESS_TOKEN_HASH) == null ? null
                    : e.item().get(ACCESS_TOKEN_HASH).s());
        }
    }

    /**
     * One strongly consistent GetItem, so a revocation or a fresh user is seen at once. A damaged item reads as no
     * user (and is logged).
     */
    @Override
    public Optional<User> find(String sessionId) {
        return read(sessionId, true);
    }

    /** One eventually consistent GetItem: half a strongly consistent one's read units. */
    @Override
    public Optional<User> findRecent(String sessionId) {
        return read(sessionId, false);
    }

    private Optional<User> read(String sessionId, boolean consistent) {
        Map<String, AttributeValue> item = StoreCall.run(meter, "GetItem", () -> dynamo.getItem(b -> b.tableName(table)
                .key(key(sessionId)).consistentRead(consistent))).item();
        return readable(sessionId, item);
    }

    /**
     * Records a request: moves last-seen time and end of life forward. The condition makes concurrent writers and
     * retried attempts harmless (the lifetime only ever grows), never resurrects a deleted user, never gives a
     * claimed user (whose items have no TTL) an end of life, and names the item type: a merge marker that replaced
     * the user since it was read (it has a TTL too) keeps its own short one.
     *
     * @return false when nothing was written (the user is gone, or a request already went as far)
     */
    @Override
    public boolean extendLifetime(String sessionId, Instant now, Instant expiresAt) {
        try {
            StoreCall.run(meter, "UpdateItem", () -> dynamo.updateItem(b -> b.tableName(table).key(key(sessionId))
                    .updateExpression("SET #lastSeen = :now, #ttl = :ttl")
                    .conditionExpression("#type = :user AND #ttl < :ttl")
                    .expressionAttributeNames(Map.of("#lastSeen", LAST_SEEN_AT, "#ttl", TableSettings.TTL,
                            "#type", TableSettings.TYPE))
                    .expressionAttributeValues(Map.of(":now", seconds(now), ":ttl", seconds(expiresAt),
                            ":user", s(USER_TYPE)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Replaces the user's token state with {@code next} in one write, if the item is still at {@code expected}'s
     * version and not revoked. Either the new pair works afterwards or the old one still does, never neither.
     *
     * @return written, or else the user as it is now: another rotation, a revocation, or an earlier attempt of this
     *         same write won (empty when the user is gone)
     */
    @Override
    public Replacement replaceTokens(User expected, User next) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":access", s(next.accessTokenHash()));
        values.put(":accessExp", seconds(next.accessTokenExpiresAt()));
        values.put(":refresh", s(next.refreshTokenHash()));
        values.put(":previous", s(next.previousRefreshTokenHash()));
        values.put(":rotatedAt", millis(next.refreshRotatedAt()));
        values.put(":retired", strings(next.retiredRefreshTokenHashes()));
        values.put(":key", s(next.rotationKey()));
        values.put(":lastSeen", seconds(next.lastSeenAt()));
        values.put(":next", n(next.version()));
        values.put(":expected", n(expected.version()));
        values.put(":false", bool(false));
        values.put(":type", s(typeOf(expected)));
        Map<String, String> names = new HashMap<>();
        names.put("#type", TableSettings.TYPE);
        names.put("#access", ACCESS_TOKEN_HASH);
        names.put("#accessExp", ACCESS_TOKEN_EXPIRES_AT);
        names.put("#refresh", REFRESH_TOKEN_HASH);
        names.put("#previous", PREVIOUS_REFRESH_TOKEN_HASH);
        names.put("#rotatedAt", REFRESH_ROTATED_AT);
        names.put("#retired", RETIRED_REFRESH_TOKEN_HASHES);
        names.put("#key", ROTATION_KEY);
        names.put("#lastSeen", LAST_SEEN_AT);
        names.put("#v", VERSION);
        names.put("#revoked", REVOKED);
        // A claimed user has no end of life, and its version guards against a claim landing since the read.
        String lifetime = "";
        if (next.expiresAt() != null) {
            names.put("#ttl", TableSettings.TTL);
            values.put(":ttl", seconds(next.expiresAt()));
            lifetime = ", #ttl = :ttl";
        }
        String update = "SET #access = :access, #accessExp = :accessExp, #refresh = :refresh, #previous = :previous,"
                + " #rotatedAt = :rotatedAt, #retired = :retired, #key = :key, #lastSeen = :lastSeen, #v = :next"
                + lifetime;
        try {
            StoreCall.run(meter, "UpdateItem", () -> dynamo.updateItem(b -> b.tableName(table)
                    .key(key(expected.sessionId())).updateExpression(update)
                    .conditionExpression("#type = :type AND #v = :expected AND #revoked = :false")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return new Replacement(true, Optional.of(next));
        } catch (ConditionalCheckFailedException e) {
            return new Replacement(false, readable(expected.sessionId(), e.hasItem() ? e.item() : null));
        }
    }

    /**
     * Revokes every token of the session; the user stays until its end of life. Conditioned on the item being a user's
     * or a session, so that a merge marker written since the read is left as it is.
     *
     * @return false when there is no such session
     */
    @Override
    public boolean revoke(String sessionId, Instant now) {
        try {
            StoreCall.run(meter, "UpdateItem", () -> dynamo.updateItem(b -> b.tableName(table).key(key(sessionId))
                    .updateExpression("SET #revoked = :true, #revokedAt = :now, #v = #v + :one")
                    .conditionExpression("#type IN (:user, :session)")
                    .expressionAttributeNames(Map.of("#revoked", REVOKED, "#revokedAt", REVOKED_AT, "#v", VERSION,
                            "#type", TableSettings.TYPE))
                    .expressionAttributeValues(Map.of(":true", bool(true), ":now", seconds(now), ":one", n(1),
                            ":user", s(USER_TYPE), ":session", s(SESSION_TYPE)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * One DeleteItem conditioned on the version read: a user claimed since (whose subject's hold and sessions must go
     * with it, in the claim store's transaction) is never deleted alone, which would leave its subject held by nobody.
     *
     * @return false when the item changed or is gone (also when an earlier attempt of this delete landed)
     */
    @Override
    public boolean delete(User expected) {
        try {
            StoreCall.run(meter, "DeleteItem", () -> dynamo.deleteItem(b -> b.tableName(table)
                    .key(key(expected.sessionId())).conditionExpression("#type = :type AND #v = :expected")
                    .expressionAttributeNames(Map.of("#v", VERSION, "#type", TableSettings.TYPE))
                    .expressionAttributeValues(Map.of(":expected", n(expected.version()), ":type",
                            s(typeOf(expected))))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * The session an item holds; empty when there is none, when it marks a user merged away (no user any more), or
     * when it is damaged (logged).
     */
    static Optional<User> readable(String sessionId, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty() || isMergeMarker(item)) {
            return Optional.empty();
        }
        try {
            return Optional.of(toUser(item));
        } catch (DamagedItemException e) {
            LOG.warnf("damaged item of session %s, read as no user: %s", sessionId, e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether the item is what a merged anonymous user left (read with its {@code type}; a damaged type is not). */
    static boolean isMergeMarker(Map<String, AttributeValue> item) {
        AttributeValue type = item.get(TableSettings.TYPE);
        return type != null && DynamoDbClaimStore.MERGED_TYPE.equals(type.s());
    }

    /** The {@code type} of the item that holds {@code user}: a user's own item, or a further session. */
    static String typeOf(User user) {
        return user.ownItem() ? USER_TYPE : SESSION_TYPE;
    }

    static Map<String, AttributeValue> key(String sessionId) {
        return Map.of(TableSettings.PK, s(USER_PREFIX + sessionId));
    }

    static Map<String, AttributeValue> toItem(User user) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSettings.PK, s(USER_PREFIX + user.sessionId()));
        item.put(TableSettings.TYPE, s(typeOf(user)));
        item.put(USER_ID, s(user.userId()));
        item.put(CLIENT_ID, s(user.clientId()));
        item.put(CREATED_AT, seconds(user.createdAt()));
        item.put(LAST_SEEN_AT, seconds(user.lastSeenAt()));
        if (user.expiresAt() != null) {
            item.put(TableSettings.TTL, seconds(user.expiresAt()));
        }
        if (user.subject() != null) {
            item.put(SUBJECT, s(user.subject()));
            item.put(CLAIMED_AT, seconds(user.claimedAt()));
        }
        if (!user.sessions().isEmpty()) {
            item.put(SESSIONS, strings(CompactIds.compact(user.sessions())));
        }
        item.put(ACCESS_TOKEN_HASH, s(user.accessTokenHash()));
        item.put(ACCESS_TOKEN_EXPIRES_AT, seconds(user.accessTokenExpiresAt()));
        item.put(REFRESH_TOKEN_HASH, s(user.refreshTokenHash()));
        if (user.previousRefreshTokenHash() != null) {
            item.put(PREVIOUS_REFRESH_TOKEN_HASH, s(user.previousRefreshTokenHash()));
        }
        if (user.refreshRotatedAt() != null) {
            item.put(REFRESH_ROTATED_AT, millis(user.refreshRotatedAt()));
        }
        item.put(RETIRED_REFRESH_TOKEN_HASHES, strings(user.retiredRefreshTokenHashes()));
        item.put(ROTATION_KEY, s(user.rotationKey()));
        item.put(REVOKED, bool(user.revoked()));
        item.put(VERSION, n(user.version()));
        return item;
    }

    static User toUser(Map<String, AttributeValue> item) {
        String pk = string(item, TableSettings.PK);
        if (!pk.startsWith(USER_PREFIX)) {
            throw new DamagedItemException(TableSettings.PK);
        }
        String subject = optionalString(item, SUBJECT);
        // Only a claimed user lives without an end of life: an anonymous user's item without a TTL is damaged.
        Instant expiresAt = subject == null ? seconds(item, TableSettings.TTL)
                : optionalSeconds(item, TableSettings.TTL);
        return User.builder().sessionId(pk.substring(USER_PREFIX.length())).userId(string(item, USER_ID))
                .clientId(string(item, CLIENT_ID)).createdAt(seconds(item, CREATED_AT))
                .lastSeenAt(seconds(item, LAST_SEEN_AT)).expiresAt(expiresAt)
                .subject(subject).claimedAt(subject == null ? null : seconds(item, CLAIMED_AT))
                .sessions(CompactIds.expand(strings(item, SESSIONS), SESSIONS)).accessTokenHash(string(item, ACCESS_TOKEN_HASH))
                .accessTokenExpiresAt(seconds(item, ACCESS_TOKEN_EXPIRES_AT))
                .refreshTokenHash(string(item, REFRESH_TOKEN_HASH))
                .previousRefreshTokenHash(optionalString(item, PREVIOUS_REFRESH_TOKEN_HASH))
                .refreshRotatedAt(optionalMillis(item, REFRESH_ROTATED_AT))
                .retiredRefreshTokenHashes(strings(item, RETIRED_REFRESH_TOKEN_HASHES))
                .rotationKey(optionalString(item, ROTATION_KEY)).revoked(bool(item, REVOKED))
                .version(number(item, VERSION)).build();
    }
}
