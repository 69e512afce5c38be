package dev.anonymousaccess.store;

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
import java.util.List;
import java.util.Map;

import dev.anonymousaccess.user.Revocation;
import dev.anonymousaccess.user.Session;
import dev.anonymousaccess.user.User;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of a session's item, {@code USER#<sessionId>}: a user's own item ({@code type} {@code user}, holding the
 * user's facts, its own session and, once claimed, its further sessions' ids) or a claimed user's further session
 * ({@code type} {@code session}). An anonymous user's item has a TTL (its end of life); a claimed user's items have
 * none. Tokens appear only as hashes. The one place that knows these attributes.
 */
public final class SessionItem {

    public static final String PREFIX = "USER#";
    public static final String USER_TYPE = "user";
    public static final String SESSION_TYPE = "session";
    public static final String USER_ID = "userId";
    public static final String CLIENT_ID = "clientId";
    static final String CREATED_AT = "createdAt";
    static final String LAST_SEEN_AT = "lastSeenAt";
    static final String ACCESS_TOKEN_HASH = "accessTokenHash";
    static final String ACCESS_TOKEN_EXPIRES_AT = "accessTokenExpiresAt";
    static final String REFRESH_TOKEN_HASH = "refreshTokenHash";
    static final String PREVIOUS_REFRESH_TOKEN_HASH = "previousRefreshTokenHash";
    static final String REFRESH_ROTATED_AT = "refreshRotatedAt";
    static final String RETIRED_REFRESH_TOKEN_HASHES = "retiredRefreshTokenHashes";
    public static final String REVOKED_FOR = "revokedFor";
    static final String REVOKED_AT = "revokedAt";
    static final String ROTATION_KEY = "rotationKey";
    static final String VERSION = "version";
    public static final String SUBJECT = "subject";
    static final String CLAIMED_AT = "claimedAt";
    public static final String SESSIONS = "sessions";
    public static final String MERGED_FROM = "mergedFrom";

    private SessionItem() {
    }

    static Map<String, AttributeValue> key(String sessionId) {
        return Map.of(TableSettings.PK, s(PREFIX + sessionId));
    }

    /** The {@code type} of the item that holds {@code session}: a user's own item, or a further session. */
    static String typeOf(Session session) {
        return session.onUsersOwnItem() ? USER_TYPE : SESSION_TYPE;
    }

    /** A further session's item, or an anonymous user's own item (no further sessions). */
    static Map<String, AttributeValue> of(Session session) {
        return of(session, List.of());
    }

    /** A user's own item. */
    static Map<String, AttributeValue> of(User user) {
        return of(user.own(), user.furtherSessions());
    }

    private static Map<String, AttributeValue> of(Session session, List<String> furtherSessions) {
        Map<String, AttributeValue> item = new HashMap<>(key(session.sessionId()));
        item.put(TableSettings.TYPE, s(typeOf(session)));
        item.put(USER_ID, s(session.userId()));
        item.put(CLIENT_ID, s(session.clientId()));
        item.put(CREATED_AT, seconds(session.createdAt()));
        item.put(LAST_SEEN_AT, seconds(session.lastSeenAt()));
        if (session.expiresAt() != null) {
            item.put(TableSettings.TTL, seconds(session.expiresAt()));
        }
        if (session.subject() != null) {
            item.put(SUBJECT, s(session.subject()));
            item.put(CLAIMED_AT, seconds(session.claimedAt()));
        }
        if (!furtherSessions.isEmpty()) {
            item.put(SESSIONS, strings(CompactIds.compact(furtherSessions)));
        }
        item.put(ACCESS_TOKEN_HASH, s(session.accessTokenHash()));
        item.put(ACCESS_TOKEN_EXPIRES_AT, seconds(session.accessTokenExpiresAt()));
        item.put(REFRESH_TOKEN_HASH, s(session.refreshTokenHash()));
        if (session.previousRefreshTokenHash() != null) {
            item.put(PREVIOUS_REFRESH_TOKEN_HASH, s(session.previousRefreshTokenHash()));
        }
        if (session.refreshRotatedAt() != null) {
            item.put(REFRESH_ROTATED_AT, millis(session.refreshRotatedAt()));
        }
        item.put(RETIRED_REFRESH_TOKEN_HASHES, strings(session.retiredRefreshTokenHashes()));
        item.put(ROTATION_KEY, s(session.rotationKey()));
        if (session.revokedFor() != null) {
            item.put(REVOKED_FOR, s(session.revokedFor().code()));
        }
        if (session.mergedFrom() != null) {
            item.put(MERGED_FROM, s(session.mergedFrom()));
        }
        item.put(VERSION, n(session.version()));
        return item;
    }

    /** Whether the item holds a session (a user's own item or a further session), as its {@code type} says. */
    public static boolean holdsASession(Map<String, AttributeValue> item) {
        AttributeValue type = item.get(TableSettings.TYPE);
        return type != null && (USER_TYPE.equals(type.s()) || SESSION_TYPE.equals(type.s()));
    }

    /** Whether the item is a user's own item. */
    public static boolean isUsersOwn(Map<String, AttributeValue> item) {
        AttributeValue type = item.get(TableSettings.TYPE);
        return type != null && USER_TYPE.equals(type.s());
    }

    /** @throws DamagedItemException when an attribute is missing or not what it must be */
    public static Session session(Map<String, AttributeValue> item) {
        String pk = string(item, TableSettings.PK);
        if (!pk.startsWith(PREFIX) || !holdsASession(item)) {
            throw new DamagedItemException(TableSettings.TYPE);
        }
        String subject = optionalString(item, SUBJECT);
        // Only a claimed user lives without an end of life: an anonymous user's item without a TTL is damaged.
        Instant expiresAt = subject == null ? seconds(item, TableSettings.TTL)
                : optionalSeconds(item, TableSettings.TTL);
        String revokedFor = optionalString(item, REVOKED_FOR);
        Revocation revocation = revokedFor == null ? null : Revocation.ofCode(revokedFor);
        if (revokedFor != null && revocation == null) {
            throw new DamagedItemException(REVOKED_FOR);
        }
        Session session = Session.builder().sessionId(pk.substring(PREFIX.length())).userId(string(item, USER_ID))
                .clientId(string(item, CLIENT_ID)).createdAt(seconds(item, CREATED_AT))
                .lastSeenAt(seconds(item, LAST_SEEN_AT)).expiresAt(expiresAt)
                .subject(subject).claimedAt(subject == null ? null : seconds(item, CLAIMED_AT))
                .accessTokenHash(string(item, ACCESS_TOKEN_HASH))
                .accessTokenExpiresAt(seconds(item, ACCESS_TOKEN_EXPIRES_AT))
                .refreshTokenHash(string(item, REFRESH_TOKEN_HASH))
                .previousRefreshTokenHash(optionalString(item, PREVIOUS_REFRESH_TOKEN_HASH))
                .refreshRotatedAt(optionalMillis(item, REFRESH_ROTATED_AT))
                .retiredRefreshTokenHashes(strings(item, RETIRED_REFRESH_TOKEN_HASHES))
                .rotationKey(string(item, ROTATION_KEY)).revokedFor(revocation)
                .mergedFrom(optionalString(item, MERGED_FROM)).version(number(item, VERSION)).build();
        if (session.onUsersOwnItem() != isUsersOwn(item)) {
            throw new DamagedItemException(TableSettings.TYPE);
        }
        // A damaged item is damaged whatever part of it the reader needs: doubt fails closed.
        furtherSessions(item);
        return session;
    }

    private static List<String> furtherSessions(Map<String, AttributeValue> item) {
        return CompactIds.expand(strings(item, SESSIONS), SESSIONS);
    }

    /** @throws DamagedItemException when the item is not a user's own item or an attribute is damaged */
    public static User user(Map<String, AttributeValue> item) {
        Session own = session(item);
        if (!own.onUsersOwnItem()) {
            throw new DamagedItemException(TableSettings.TYPE);
        }
        return new User(own, furtherSessions(item));
    }
}
