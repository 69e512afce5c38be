package dev.anonymousaccess.store;

import static dev.anonymousaccess.store.AttributeValues.bool;
import static dev.anonymousaccess.store.AttributeValues.n;

import static dev.anonymousaccess.store.AttributeValues.s;
import static dev.anonymousaccess.store.AttributeValues.seconds;
import static dev.anonymousaccess.store.AttributeValues.string;
import static dev.anonymousaccess.store.AttributeValues.strings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.anonymousaccess.observability.StoreCalls;
import dev.anonymousaccess.token.TokenHash;
import dev.anonymousaccess.user.ClaimRepository;
import dev.anonymousaccess.user.User;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Claims in DynamoDB. A subject's hold is its own item, {@code SUBJECT#<clientId>#<SHA-256 of the subject>} naming the
 * user: written only with {@code attribute_not_exists} in the transaction that claims the user, so one subject has one
 * user per client app by construction. Keys hold the subject's hash, never the subject (personal data).
 */
@ApplicationScoped
public class DynamoDbClaimStore implements ClaimRepository {

    static final String SUBJECT_PREFIX = "SUBJECT#";
    static final String MERGED_TYPE = "merged";
    static final String SUBJECT_TYPE = "subject";
    static final String MERGED_INTO = "mergedInto";
    static final String SESSION_ID = "sessionId";
    private static final Set<String> RACE_REASONS = Set.of("ConditionalCheckFailed", "TransactionConflict");
    private static final Logger LOG = Logger.getLogger(DynamoDbClaimStore.class);

    private final DynamoDbClient dynamo;
    private final String table;
    private final StoreCalls meter;

    DynamoDbClaimStore(DynamoDbClient dynamo, TableSettings settings, StoreCalls meter) {
        this.dynamo = dynamo;
        this.table = settings.tableName();
        this.meter = meter;
    }

    /** One strongly consistent GetItem of the subject's hold. */
    @Override
    public Optional<String> holderOf(String clientId, String subject) {
        Map<String, AttributeValue> item = StoreCall.run(meter, "GetItem", () -> dynamo.getItem(b -> b.tableName(table)
                .key(subjectKey(clientId, subject)).consistentRead(true))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(string(item, DynamoDbUserStore.USER_ID));
        } catch (DamagedItemException e) {
            // A hold that names nobody cannot be freed by a claim: refusing is safer than a second holder.
            LOG.warnf("damaged subject hold of client %s: %s", clientId, e.getMessage());
            throw StoreCall.unavailable(meter, "GetItem", e);
        }
    }

    /**
     * One TransactWriteItems: the subject's hold (if absent) and the user's claim (if still at the version read).
     * Idempotent under the SDK's retries: an attempt that landed makes the retry fail its conditions, and the caller,
     * reading again, finds the user claimed for this subject.
     */
    @Override
    public boolean claim(User expected, User claimed) {
        Map<String, AttributeValue> hold = new HashMap<>(subjectKey(claimed.clientId(), claimed.subject()));
        hold.put(TableSettings.TYPE, s(SUBJECT_TYPE));
        hold.put(DynamoDbUserStore.USER_ID, s(claimed.userId()));
        hold.put(DynamoDbUserStore.CLIENT_ID, s(claimed.clientId()));
        hold.put(DynamoDbUserStore.CREATED_AT, seconds(claimed.claimedAt()));
        Put holdSubject = Put.builder().tableName(table).item(hold).conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", TableSettings.PK)).build();
        Update claimUser = Update.builder().tableName(table).key(DynamoDbUserStore.key(expected.sessionId()))
                .updateExpression("SET #subject = :subject, #claimedAt = :claimedAt, #v = :next REMOVE #ttl")
                .conditionExpression("#type = :user AND #v = :expected AND attribute_not_exists(#subject)")
                .expressionAttributeNames(Map.of("#subject", DynamoDbUserStore.SUBJECT, "#claimedAt",
                        DynamoDbUserStore.CLAIMED_AT, "#v", DynamoDbUserStore.VERSION, "#ttl", TableSettings.TTL,
                        "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":subject", s(claimed.subject()), ":claimedAt",
                        seconds(claimed.claimedAt()), ":next", n(claimed.version()), ":expected",
                        n(expected.version()), ":user", s(DynamoDbUserStore.USER_TYPE)))
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
        Map<String, AttributeValue> marker = new HashMap<>(DynamoDbUserStore.key(merged.sessionId()));
        marker.put(TableSettings.TYPE, s(MERGED_TYPE));
        marker.put(DynamoDbUserStore.USER_ID, s(merged.userId()));
        marker.put(DynamoDbUserStore.CLIENT_ID, s(merged.clientId()));
        marker.put(MERGED_INTO, s(into.userId()));
        marker.put(SESSION_ID, s(merge.session().sessionId()));
        marker.put(DynamoDbUserStore.ACCESS_TOKEN_HASH, s(merged.accessTokenHash()));
        marker.put(TableSettings.TTL, seconds(merge.forgetAt()));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(marker)
                .conditionExpression("#type = :user AND #v = :expected AND attribute_not_exists(#subject)")
                .expressionAttributeNames(Map.of("#v", DynamoDbUserStore.VERSION, "#subject",
                        DynamoDbUserStore.SUBJECT, "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":expected", n(merged.version()), ":user",
                        s(DynamoDbUserStore.USER_TYPE))).build()).build());
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(DynamoDbUserStore.toItem(merge.session())).conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", TableSettings.PK)).build()).build());
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(DynamoDbUserStore.key(into.sessionId()))
                .updateExpression("SET #sessions = :sessions, #v = :next")
                .conditionExpression("#type = :user AND #v = :expected AND #subject = :subject")
                .expressionAttributeNames(Map.of("#sessions", DynamoDbUserStore.SESSIONS, "#v",
                        DynamoDbUserStore.VERSION, "#subject", DynamoDbUserStore.SUBJECT, "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":sessions", strings(CompactIds.compact(merge.sessionsAfter())),
                        ":next", n(into.version() + 1), ":expected", n(into.version()), ":subject",
                        s(into.subject()), ":user", s(DynamoDbUserStore.USER_TYPE)))
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
        Map<String, AttributeValue> item = StoreCall.run(meter, "GetItem", () -> dynamo.getItem(b -> b.tableName(table)
                .key(DynamoDbUserStore.key(sessionId)).consistentRead(true))).item();
        if (item == null || !DynamoDbUserStore.isMergeMarker(item)) {
            return new Located(DynamoDbUserStore.readable(sessionId, item), Optional.empty());
        }
        return new Located(Optional.empty(), marker(sessionId, item, now));
    }


    private static Optional<MergedUser> marker(String userId, Map<String, AttributeValue> item, Instant now) {
        try {
            MergedUser marker = new MergedUser(string(item, DynamoDbUserStore.USER_ID),
                    string(item, DynamoDbUserStore.CLIENT_ID), string(item, MERGED_INTO), string(item, SESSION_ID),
                    string(item, DynamoDbUserStore.ACCESS_TOKEN_HASH), seconds(item, TableSettings.TTL));
            return now.isBefore(marker.forgetAt()) ? Optional.of(marker) : Optional.empty();
        } catch (DamagedItemException e) {
            LOG.warnf("damaged merge marker of user %s, read as none: %s", userId, e.getMessage());
            return Optional.empty();
        }
    }

    /** One TransactWriteItems deleting the user's own item (if still at the version read), its sessions, its hold. */
    @Override
    public boolean erase(User user) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(DynamoDbUserStore.key(user.sessionId())).conditionExpression("#type = :user AND #v = :expected")
                .expressionAttributeNames(Map.of("#v", DynamoDbUserStore.VERSION, "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":expected", n(user.version()), ":user",
                        s(DynamoDbUserStore.USER_TYPE))).build()).build());
        writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(subjectKey(user.clientId(), user.subject()))
                .conditionExpression("attribute_not_exists(#pk) OR (#type = :hold AND #user = :user)")
                .expressionAttributeNames(Map.of("#pk", TableSettings.PK, "#user", DynamoDbUserStore.USER_ID,
                        "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":user", s(user.userId()), ":hold", s(SUBJECT_TYPE))).build())
                .build());
        for (String session : user.sessions()) {
            writes.add(deleteSession(session));
        }
        return transact(writes);
    }

    /** One TransactWriteItems revoking the user's own item (if still at the version read) and every session. */
    @Override
    public boolean revokeEverySession(User user, Instant now) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(revokeSession(user.sessionId(), now, Optional.of(user.version())));
        for (String session : user.sessions()) {
            writes.add(revokeSession(session, now, Optional.empty()));
        }
        return transact(writes);
    }

    private TransactWriteItem revokeSession(String sessionId, Instant now, Optional<Long> expectedVersion) {
        Map<String, String> names = new HashMap<>(Map.of("#revoked", DynamoDbUserStore.REVOKED, "#revokedAt",
                DynamoDbUserStore.REVOKED_AT, "#v", DynamoDbUserStore.VERSION, "#type", TableSettings.TYPE));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":true", bool(true), ":now", seconds(now), ":one",
                n(1)));
        String condition;
        if (expectedVersion.isPresent()) {
            condition = "#type = :type AND #v = :expected";
            values.put(":expected", n(expectedVersion.get()));
            values.put(":type", s(DynamoDbUserStore.USER_TYPE));
        } else {
            condition = "#type = :type";
            values.put(":type", s(DynamoDbUserStore.SESSION_TYPE));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(DynamoDbUserStore.key(sessionId))
                .updateExpression("SET #revoked = :true, #revokedAt = :now, #v = #v + :one")
                .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values)
                .build()).build();
    }

    /** Deletes a further session; the condition names its type, so nothing else is ever deleted in its place. */
    private TransactWriteItem deleteSession(String sessionId) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(DynamoDbUserStore.key(sessionId)).conditionExpression("attribute_not_exists(#pk) OR #type = :type")
                .expressionAttributeNames(Map.of("#pk", TableSettings.PK, "#type", TableSettings.TYPE))
                .expressionAttributeValues(Map.of(":type", s(DynamoDbUserStore.SESSION_TYPE))).build()).build();
    }

    /**
     * Runs one transaction: true when it landed, false when a condition failed or another transaction on the same items
     * was under way (the caller decides again on what is stored now); any other cancellation is a store failure.
     */
    private boolean transact(List<TransactWriteItem> writes) {
        try {
            StoreCall.run(meter, "TransactWriteItems", () -> dynamo.transactWriteItems(b -> b.transactItems(writes)));
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
            throw StoreCall.unavailable(meter, "TransactWriteItems", e);
        }
    }

    private static Map<String, AttributeValue> subjectKey(String clientId, String subject) {
        return Map.of(TableSettings.PK, s(SUBJECT_PREFIX + clientId + "#" + TokenHash.of(subject)));
    }
}
