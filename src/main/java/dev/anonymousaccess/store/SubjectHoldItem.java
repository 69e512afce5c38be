package dev.anonymousaccess.store;

import static dev.anonymousaccess.store.AttributeValues.s;
import static dev.anonymousaccess.store.AttributeValues.seconds;

import java.util.HashMap;
import java.util.Map;

import dev.anonymousaccess.token.TokenHash;
import dev.anonymousaccess.user.User;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of a subject's hold, {@code SUBJECT#<clientId>#<SHA-256 of the subject's UTF-8 bytes>} naming the user
 * that holds it: written only with {@code attribute_not_exists} in the transaction that claims the user, so one subject
 * has one user per client app by construction. The key holds the subject's hash, never the subject (personal data).
 */
final class SubjectHoldItem {

    static final String PREFIX = "SUBJECT#";
    static final String TYPE = "subject";

    private SubjectHoldItem() {
    }

    static Map<String, AttributeValue> key(String clientId, String subject) {
        return Map.of(TableSettings.PK, s(PREFIX + clientId + "#" + TokenHash.of(subject)));
    }

    /** The hold of a user just claimed. */
    static Map<String, AttributeValue> of(User claimed) {
        Map<String, AttributeValue> hold = new HashMap<>(key(claimed.clientId(), claimed.subject()));
        hold.put(TableSettings.TYPE, s(TYPE));
        hold.put(SessionItem.USER_ID, s(claimed.userId()));
        hold.put(SessionItem.CLIENT_ID, s(claimed.clientId()));
        hold.put(SessionItem.CREATED_AT, seconds(claimed.own().claimedAt()));
        return hold;
    }
}
