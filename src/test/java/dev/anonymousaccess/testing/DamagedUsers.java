package dev.anonymousaccess.testing;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Ways a user item can be damaged behind the application's back: each must read as an invalid user. */
public final class DamagedUsers {

    /** Marks an attribute to be removed rather than overwritten. */
    public static final AttributeValue REMOVED = AttributeValue.fromNul(true);

    private DamagedUsers() {
    }

    public static Stream<Arguments> attributes() {
        return Stream.of(
                Arguments.of("ttl", AttributeValue.fromS("soon")),
                Arguments.of("ttl", AttributeValue.fromN("12.5")),
                Arguments.of("ttl", REMOVED),
                Arguments.of("accessTokenExpiresAt", AttributeValue.fromS("tomorrow")),
                Arguments.of("accessTokenExpiresAt", AttributeValue.fromN("99999999999999999999")),
                Arguments.of("lastSeenAt", REMOVED),
                Arguments.of("createdAt", AttributeValue.fromBool(true)),
                Arguments.of("revokedFor", AttributeValue.fromS("a reason of no version")),
                Arguments.of("revokedFor", AttributeValue.fromBool(true)),
                Arguments.of("rotationKey", REMOVED),
                Arguments.of("type", AttributeValue.fromS("session")),
                Arguments.of("version", AttributeValue.fromS("one")),
                Arguments.of("accessTokenHash", AttributeValue.fromN("1")),
                Arguments.of("refreshTokenHash", REMOVED),
                Arguments.of("clientId", REMOVED),
                Arguments.of("retiredRefreshTokenHashes", AttributeValue.fromS("x")),
                Arguments.of("refreshRotatedAt", AttributeValue.fromS("now")),
                Arguments.of("subject", AttributeValue.fromN("4711")),
                Arguments.of("sessions", AttributeValue.fromS("x")),
                Arguments.of("sessions", AttributeValue.fromL(List.of(AttributeValue.fromS("not-a-compact-id")))));
    }

    public static void damage(TableContents table, String userId, String attribute, AttributeValue damage) {
        if (damage == REMOVED) {
            table.removeUserAttribute(userId, attribute);
        } else {
            table.setUserAttribute(userId, attribute, damage);
        }
    }
}
