package dev.anonymousaccess.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class TokenCodecTest {

    final TokenCodec codec = new TokenCodec();
    final String userId = codec.newUserId();

    @Test
    void userIdsAreRandomVersion4Uuids() {
        UUID uuid = UUID.fromString(userId);
        assertEquals(4, uuid.version());
        assertEquals(2, uuid.variant());
        assertEquals(userId, uuid.toString());
    }

    @Test
    void tokensUseOnlyLettersAndDigits() {
        assertTrue(codec.issue(TokenKind.ACCESS, userId).value().matches("[A-Za-z0-9]{76}"));
        assertTrue(codec.issue(TokenKind.REFRESH, userId).value().matches("[A-Za-z0-9]{76}"));
    }

    @Test
    void secretCarriesAtLeast256Bits() {
        assertTrue(TokenCodec.SECRET_LENGTH * Math.log(62) / Math.log(2) >= 256);
    }

    @Test
    void parsingReturnsKindAndUser() {
        BearerToken access = codec.issue(TokenKind.ACCESS, userId);

        BearerToken parsed = codec.parse(access.value()).orElseThrow();

        assertEquals(TokenKind.ACCESS, parsed.kind());
        assertEquals(userId, parsed.userId());
        assertEquals(access.value(), parsed.value());
        assertEquals(TokenKind.REFRESH, codec.parse(codec.issue(TokenKind.REFRESH, userId).value()).orElseThrow().kind());
    }

    @Test
    void malformedTokensDoNotParse() {
        String value = codec.issue(TokenKind.ACCESS, userId).value();
        assertTrue(codec.parse(null).isEmpty());
        assertTrue(codec.parse("").isEmpty());
        assertTrue(codec.parse(value.substring(1)).isEmpty());
        assertTrue(codec.parse(value + "a").isEmpty());
        assertTrue(codec.parse("X" + value.substring(1)).isEmpty());
        assertTrue(codec.parse(value.charAt(0) + "A" + value.substring(2)).isEmpty(), "user ids are lower-case hex");
        assertTrue(codec.parse(value.substring(0, 75) + "-").isEmpty());
        assertTrue(codec.parse(value.substring(0, 1) + "g" + value.substring(2)).isEmpty());
    }

    @Test
    void tokensNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(codec.issue(TokenKind.ACCESS, userId).value()));
        }
    }

    @Test
    void toStringNeverShowsTheToken() {
        BearerToken token = codec.issue(TokenKind.ACCESS, userId);
        assertFalse(token.toString().contains(token.value().substring(33)));
    }
}
