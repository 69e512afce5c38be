package dev.anonymousaccess.store;

import static dev.anonymousaccess.store.AttributeValues.s;
import static dev.anonymousaccess.store.AttributeValues.seconds;
import static dev.anonymousaccess.store.AttributeValues.string;

import java.util.HashMap;
import java.util.Map;

import dev.anonymousaccess.user.UserRepository;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of what a merged anonymous user leaves in place of its own item, {@code USER#<userId>} with {@code type}
 * {@code merged}: whom it was merged into, the new session its device got, the hash of the access token it presented
 * (to recognise a retried claim), and a TTL at the end of the claim retry window. No personal data.
 */
public final class MergeMarkerItem {

    public static final String TYPE = "merged";
    public static final String MERGED_INTO = "mergedInto";
    public static final String SESSION_ID = "sessionId";

    private MergeMarkerItem() {
    }

    static Map<String, AttributeValue> of(UserRepository.Merge merge) {
        Map<String, AttributeValue> marker = new HashMap<>(SessionItem.key(merge.merged().userId()));
        marker.put(TableSettings.TYPE, s(TYPE));
        marker.put(SessionItem.USER_ID, s(merge.merged().userId()));
        marker.put(SessionItem.CLIENT_ID, s(merge.merged().clientId()));
        marker.put(MERGED_INTO, s(merge.into().userId()));
        marker.put(SESSION_ID, s(merge.session().sessionId()));
        marker.put(SessionItem.ACCESS_TOKEN_HASH, s(merge.merged().own().accessTokenHash()));
        marker.put(TableSettings.TTL, seconds(merge.forgetAt()));
        return marker;
    }

    /** Whether the item is a merge marker (read with its {@code type}; a damaged type is not). */
    public static boolean is(Map<String, AttributeValue> item) {
        AttributeValue type = item.get(TableSettings.TYPE);
        return type != null && TYPE.equals(type.s());
    }

    /** @throws DamagedItemException when an attribute is missing or not what it must be */
    public static UserRepository.MergedUser read(Map<String, AttributeValue> item) {
        return new UserRepository.MergedUser(string(item, SessionItem.USER_ID), string(item, SessionItem.CLIENT_ID),
                string(item, MERGED_INTO), string(item, SESSION_ID), string(item, SessionItem.ACCESS_TOKEN_HASH),
                seconds(item, TableSettings.TTL));
    }
}
