package dev.anonymousaccess.store;

import static dev.anonymousaccess.store.AttributeValues.millis;
import static dev.anonymousaccess.store.AttributeValues.n;
import static dev.anonymousaccess.store.AttributeValues.s;
import static dev.anonymousaccess.store.AttributeValues.seconds;
import static dev.anonymousaccess.store.AttributeValues.string;
import static dev.anonymousaccess.store.AttributeValues.strings;
import static dev.anonymousaccess.store.DamagedItemException.readOrNone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.user.Revocation;
import dev.anonymousaccess.user.Session;
import dev.anonymousaccess.user.User;
import dev.anonymousaccess.user.UserRepository;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Users, their sessions and their claims in DynamoDB ({@link SessionItem}, {@link MergeMarkerItem},
 * {@link SubjectHoldItem}). A change of one item is one single-item write; a change that spans items (a claim, a merge,
 * a claimed user's revocation or erasure) is one TransactWriteItems. Every condition names the item type it is meant
 * for, so a write that lost a race to a merge finds a marker and changes nothing.
 */
@ApplicationScoped
public class DynamoDbUserStore implements UserRepository {

    private static final Set<String> RACE_REASONS = Set.of("ConditionalCheckFailed", "TransactionConflict");
    private static final Logger LOG = Logger.getLogger(DynamoDbUserStore.class);

    private final Table table;

    DynamoDbUserStore(Table table) {
        this.table = table;
    }

    /**
     * One conditional PutItem: a new user, never overwriting an existing item. Idempotent under the SDK's retries: when
     * the condition fails because an earlier attempt of this very write landed, that is success.
     */
    @Override
    public boolean insert(Session first) {
        try {
            table.call("PutItem", dynamo -> dynamo.putItem(b -> b.tableName(table.name()).item(SessionItem.of(first))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", TableSettings.PK))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            AttributeValue stored = e.hasItem() ? e.item().get(SessionItem.ACCESS_TOKEN_HASH) : null;
            return stored != null && first.accessTokenHash().equals(stored.s());
        }
    }

    /** One strongly consistent GetItem, so a revocation or a fresh user is seen at once. */
    @Override
    public Optional<Session> findSession(String sessionId) {
        return session(sessionId, read(sessionId, true));
    }

    /** One eventually consistent GetItem: half a strongly consistent one's read units. */
    @Override
    public Optional<Session> findRecentSession(String sessionId) {
        return session(sessionId, read(sessionId, false));
    }

    /** One strongly consistent GetItem; a further session's item or a merge marker is no user. */
    @Override
    public Optional<User> findUser(String userId) {
        return readOrNone(userId, read(userId, true), SessionItem::isUsersOwn, SessionItem::user);
    }

    private Map<String, AttributeValue> read(String sessionId, boolean consistent) {
        return table.call("GetItem", dynamo -> dynamo.getItem(b -> b.tableName(table.name())
                .key(SessionItem.key(sessionId)).consistentRead(consistent))).item();
    }

    /** The session an item holds; empty when there is none, when it is a merge marker, or when it is damaged. */
    private static Optional<Session> session(String sessionId, Map<String, AttributeValue> item) {
        return readOrNone(sessionId, item, stored -> !MergeMarkerItem.is(stored), SessionItem::session);
    }

    /**
     * Records a request: moves last-seen time and end of life forward. The condition makes concurrent writers and
     * retried attempts harmless (the lifetime only ever grows), never resurrects a deleted user, never gives a claimed
     * user (whose items have no TTL) an end of life, and names the item type: a merge marker that replaced the user
     * since it was read (it has a TTL too) keeps its own short one.
     */
    @Override
    public boolean extendLifetime(String userId, Instant now, Instant expiresAt) {
        return table.conditionHeld("UpdateItem", dynamo -> dynamo.updateItem(b -> b.tableName(table.name())
                .key(SessionItem.key(userId))
                .updateExpression("SET #lastSeen = :now, #ttl = :ttl")
                .conditionExpression("#type = :user AND #ttl < :ttl")
                .expressionAttributeNames(Map.of("#lastSeen", SessionItem.LAST_SEEN_AT, "#ttl", TableSettings.TTL,
                        "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":now", seconds(now), ":ttl", seconds(expiresAt),
                        ":user", s(SessionItem.USER_TYPE)))));
    }

    /**
     * Replaces the session's token state with {@code next} in one write, if the item is still at {@code expected}'s
     * version and not revoked. Either the new pair works afterwards or the old one still does, never neither.
     */
    @Override
    public Replacement replaceTokens(Session expected, Session next) {
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
        values.put(":type", s(SessionItem.typeOf(expected)));
        Map<String, String> names = new HashMap<>();
        names.put("#type", TableSettings.TYPE);
        names.put("#access", SessionItem.ACCESS_TOKEN_HASH);
        names.put("#accessExp", SessionItem.ACCESS_TOKEN_EXPIRES_AT);
        names.put("#refresh", SessionItem.REFRESH_TOKEN_HASH);
        names.put("#previous", SessionItem.PREVIOUS_REFRESH_TOKEN_HASH);
        names.put("#rotatedAt", SessionItem.REFRESH_ROTATED_AT);
        names.put("#retired", SessionItem.RETIRED_REFRESH_TOKEN_HASHES);
        names.put("#key", SessionItem.ROTATION_KEY);
        names.put("#lastSeen", SessionItem.LAST_SEEN_AT);
        names.put("#v", SessionItem.VERSION);
        names.put("#revokedFor", SessionItem.REVOKED_FOR);
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
            table.call("UpdateItem", dynamo -> dynamo.updateItem(b -> b.tableName(table.name())
                    .key(SessionItem.key(expected.sessionId())).updateExpression(update)
                    .conditionExpression("#type = :type AND #v = :expected AND attribute_not_exists(#revokedFor)")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return new Replacement(true, Optional.of(next));
        } catch (ConditionalCheckFailedException e) {
            return new Replacement(false, session(expected.sessionId(), e.hasItem() ? e.item() : null));
        }
    }

    /** One UpdateItem, conditioned on the item holding a session: a marker written since the read stays as it is. */
    @Override
    public boolean revoke(String sessionId, Instant now, Revocation reason) {
        return updated(revocation(sessionId, now, reason, "#type IN (:user, :session)",
                Map.of(":user", s(SessionItem.USER_TYPE), ":session", s(SessionItem.SESSION_TYPE))));
    }

    /**
     * An anonymous user: one UpdateItem of its item, conditioned on the version read. A claimed user: one
     * TransactWriteItems over its own item (conditioned on the version read, so a device merged meanwhile is not
     * missed) and every further session.
     */
    @Override
    public boolean revokeEverySession(User user, Instant now) {
        Update own = revocation(user.userId(), now, Revocation.OPERATOR, "#type = :user AND #v = :expected",
                Map.of(":user", s(SessionItem.USER_TYPE), ":expected", n(user.version())));
        if (user.furtherSessions().isEmpty()) {
            return updated(own);
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(own).build());
        for (String session : user.furtherSessions()) {
            writes.add(TransactWriteItem.builder().update(revocation(session, now, Revocation.OPERATOR,
                    "#type = :session", Map.of(":session", s(SessionItem.SESSION_TYPE)))).build());
        }
        return transact(writes);
    }

    /** The update that revokes a session's tokens for {@code reason}, on {@code condition}. */
    private Update revocation(String sessionId, Instant now, Revocation reason, String condition,
            Map<String, AttributeValue> conditionValues) {
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        values.put(":reason", s(reason.code()));
        values.put(":now", seconds(now));
        values.put(":one", n(1));
        return Update.builder().tableName(table.name()).key(SessionItem.key(sessionId))
                .updateExpression("SET #revokedFor = :reason, #revokedAt = :now, #v = #v + :one")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#revokedFor", SessionItem.REVOKED_FOR, "#revokedAt",
                        SessionItem.REVOKED_AT, "#v", SessionItem.VERSION, "#type", TableSettings.TYPE))
                .expressionAttributeValues(values).build();
    }

    /** {@code update} as one UpdateItem: false when its condition failed. */
    private boolean updated(Update update) {
        return table.conditionHeld("UpdateItem", dynamo -> dynamo.updateItem(b -> b.tableName(table.name())
                .key(update.key()).updateExpression(update.updateExpression())
                .conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.expressionAttributeNames())
                .expressionAttributeValues(update.expressionAttributeValues())));
    }

    /**
     * An anonymous user: one DeleteItem conditioned on the version read (a user claimed since, whose hold and sessions
     * must go with it, is never deleted alone). A claimed user: one TransactWriteItems deleting its own item (if still
     * at the version read), its further sessions and its hold.
     */
    @Override
    public boolean erase(User user) {
        Delete own = Delete.builder().tableName(table.name()).key(SessionItem.key(user.userId()))
                .conditionExpression("#type = :user AND #v = :expected")
                .expressionAttributeNames(Map.of("#v", SessionItem.VERSION, "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":expected", n(user.version()), ":user",
                        s(SessionItem.USER_TYPE))).build();
        if (!user.claimed()) {
            return table.conditionHeld("DeleteItem", dynamo -> dynamo.deleteItem(b -> b.tableName(table.name())
                    .key(own.key())
                    .conditionExpression(own.conditionExpression())
                    .expressionAttributeNames(own.expressionAttributeNames())
                    .expressionAttributeValues(own.expressionAttributeValues())));
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(own).build());
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                .key(SubjectHoldItem.key(user.clientId(), user.subject()))
                .conditionExpression("attribute_not_exists(#pk) OR (#type = :hold AND #user = :user)")
                .expressionAttributeNames(Map.of("#pk", TableSettings.PK, "#user", SessionItem.USER_ID,
                        "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":user", s(user.userId()), ":hold", s(SubjectHoldItem.TYPE)))
                .build()).build());
        for (String session : user.furtherSessions()) {
            writes.add(deleteSession(session));
        }
        return transact(writes);
    }

    /** One strongly consistent GetItem of the subject's hold. */
    @Override
    public Optional<String> holderOf(String clientId, String subject) {
        Map<String, AttributeValue> item = table.call("GetItem", dynamo -> dynamo.getItem(b -> b.tableName(table.name())
                .key(SubjectHoldItem.key(clientId, subject)).consistentRead(true))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(string(item, SessionItem.USER_ID));
        } catch (DamagedItemException e) {
            // A hold that names nobody cannot be freed by a claim: refusing is safer than a second holder.
            LOG.warnf("damaged subject hold of client %s: %s", clientId, e.getMessage());
            throw table.unavailable("GetItem", e);
        }
    }

    /**
     * One TransactWriteItems: the subject's hold (if absent) and the user's claim (if still at the version read).
     * Idempotent under the SDK's retries: an attempt that landed makes the retry fail its conditions, and the caller,
     * reading again, finds the user claimed for this subject.
     */
    @Override
    public boolean claim(User expected, User claimed) {
        Put holdSubject = Put.builder().tableName(table.name()).item(SubjectHoldItem.of(claimed))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", TableSettings.PK)).build();
        Update claimUser = Update.builder().tableName(table.name()).key(SessionItem.key(expected.userId()))
                .updateExpression("SET #subject = :subject, #claimedAt = :claimedAt, #v = :next REMOVE #ttl")
                .conditionExpression("#type = :user AND #v = :expected AND attribute_not_exists(#subject)")
                .expressionAttributeNames(Map.of("#subject", SessionItem.SUBJECT, "#claimedAt",
                        SessionItem.CLAIMED_AT, "#v", SessionItem.VERSION, "#ttl", TableSettings.TTL,
                        "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":subject", s(claimed.subject()), ":claimedAt",
                        seconds(claimed.own().claimedAt()), ":next", n(claimed.version()), ":expected",
                        n(expected.version()), ":user", s(SessionItem.USER_TYPE)))
                .build();
        return transact(List.of(TransactWriteItem.builder().put(holdSubject).build(),
                TransactWriteItem.builder().update(claimUser).build()));
    }

    /**
     * One TransactWriteItems: the anonymous user's item replaced by its merge marker (if still at the version read and
     * unclaimed), the new session put (if its id is new), the claimed user's session list written (if still at the
     * version read), the dropped sessions deleted.
     */
    @Override
    public boolean merge(Merge merge) {
        User merged = merge.merged();
        User into = merge.into();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(MergeMarkerItem.of(merge))
                .conditionExpression("#type = :user AND #v = :expected AND attribute_not_exists(#subject)")
                .expressionAttributeNames(Map.of("#v", SessionItem.VERSION, "#subject", SessionItem.SUBJECT,
                        "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":expected", n(merged.version()), ":user",
                        s(SessionItem.USER_TYPE))).build()).build());
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table.name())
                .item(SessionItem.of(merge.session())).conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", TableSettings.PK)).build()).build());
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name())
                .key(SessionItem.key(into.userId()))
                .updateExpression("SET #sessions = :sessions, #v = :next")
                .conditionExpression("#type = :user AND #v = :expected AND #subject = :subject")
                .expressionAttributeNames(Map.of("#sessions", SessionItem.SESSIONS, "#v", SessionItem.VERSION,
                        "#subject", SessionItem.SUBJECT, "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":sessions", strings(CompactIds.compact(merge.sessionsAfter())),
                        ":next", n(into.version() + 1), ":expected", n(into.version()), ":subject",
                        s(into.subject()), ":user", s(SessionItem.USER_TYPE)))
                .build()).build());
        for (String dropped : merge.dropped()) {
            writes.add(deleteSession(dropped));
        }
        return transact(writes);
    }

    /**
     * One strongly consistent GetItem, read as a session or as a merge marker; a marker past its time is gone, deleted
     * by TTL or not.
     */
    @Override
    public Located locate(String sessionId, Instant now) {
        Map<String, AttributeValue> item = read(sessionId, true);
        if (item == null || !MergeMarkerItem.is(item)) {
            return new Located(session(sessionId, item), Optional.empty());
        }
        try {
            MergedUser marker = MergeMarkerItem.read(item);
            return new Located(Optional.empty(),
                    now.isBefore(marker.forgetAt()) ? Optional.of(marker) : Optional.empty());
        } catch (DamagedItemException e) {
            LOG.warnf("damaged merge marker of user %s, read as none: %s", sessionId, e.getMessage());
            return new Located(Optional.empty(), Optional.empty());
        }
    }

    /** Deletes a further session; the condition names its type, so nothing else is ever deleted in its place. */
    private TransactWriteItem deleteSession(String sessionId) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table.name())
                .key(SessionItem.key(sessionId)).conditionExpression("attribute_not_exists(#pk) OR #type = :type")
                .expressionAttributeNames(Map.of("#pk", TableSettings.PK, "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":type", s(SessionItem.SESSION_TYPE))).build()).build();
    }

    /**
     * Runs one transaction: true when it landed, false when a condition failed or another transaction on the same items
     * was under way (the caller decides again on what is stored now); any other cancellation is a store failure.
     */
    private boolean transact(List<TransactWriteItem> writes) {
        try {
            table.call("TransactWriteItems", dynamo -> dynamo.transactWriteItems(b -> b.transactItems(writes)));
            return true;
        } catch (TransactionCanceledException e) {
            List<String> codes = e.hasCancellationReasons()
                    ? e.cancellationReasons().stream().map(CancellationReason::code).toList()
                    : List.of();
            if (codes.stream().anyMatch(RACE_REASONS::contains)
                    && codes.stream().allMatch(code -> code == null || "None".equals(code)
                            || RACE_REASONS.contains(code))) {
                return false;
            }
            throw table.unavailable("TransactWriteItems", e);
        }
    }
}
