package dev.anonymousaccess.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("rules")
class TokenCodecTest {

    final TokenCodec codec = new TokenCodec();
    final String userId = codec.newUserId();

    @Test
    void aSuccessorIsTheSameForTheSameKeyAndParent() {
        String key = codec.newRotationKey();
        BearerToken parent = codec.issue(TokenKind.REFRESH, userId);

        assertEquals(codec.derive(TokenKind.REFRESH, userId, key, parent),
                codec.derive(TokenKind.REFRESH, userId, key, parent));
    }

    @Test
    void successorsDifferByKindParentAndKey() {
        String key = codec.newRotationKey();
        BearerToken parent = codec.issue(TokenKind.REFRESH, userId);
        BearerToken refresh = codec.derive(TokenKind.REFRESH, userId, key, parent);

        assertFalse(refresh.value().substring(33).equals(codec.derive(TokenKind.ACCESS, userId, key, parent).value()
                .substring(33)));
        assertFalse(refresh.equals(codec.derive(TokenKind.REFRESH, userId, key, codec.issue(TokenKind.REFRESH, userId))));
        assertFalse(refresh.equals(codec.derive(TokenKind.REFRESH, userId, codec.newRotationKey(), parent)));
    }

    @Test
    void successorsAreWellFormedTokensOfTheirKindAndUser() {
        BearerToken access = codec.derive(TokenKind.ACCESS, userId, codec.newRotationKey(),
                codec.issue(TokenKind.REFRESH, userId));

        assertTrue(access.value().matches("A[0-9a-f]{32}[A-Za-z0-9]{43}"));
        assertEquals(access, codec.parse(access.value()).orElseThrow());
    }

    @Test
    void successorSecretsUseTheWholeAlphabetEvenly() {
        String key = codec.newRotationKey();
        int[] counts = new int[128];
        BearerToken parent = codec.issue(TokenKind.REFRESH, userId);
        for (int i = 0; i < 2000; i++) {
            parent = codec.derive(TokenKind.REFRESH, userId, key, parent);
            parent.value().substring(33).chars().forEach(c -> counts[c]++);
        }
        // 86,000 characters over 62 symbols: about 1387 each; a biased mapping would skew the first 8 by ~25%.
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray()) {
            assertTrue(counts[c] > 1200 && counts[c] < 1580, c + ": " + counts[c]);
        }
    }

    @Test
    void aRotationKeyThatIsNotOneIsRefused() {
        BearerToken parent = codec.issue(TokenKind.REFRESH, userId);
        assertThrows(IllegalArgumentException.class, () -> codec.derive(TokenKind.ACCESS, userId, "short", parent));
        assertThrows(IllegalArgumentException.class, () -> codec.derive(TokenKind.ACCESS, userId, "!!!", parent));
    }

    @Test
    void nonAsciiDigitsInTheUserIdDoNotParse() {
        String valid = codec.issue(TokenKind.ACCESS, userId).value();
        for (String digit : new String[] { "\u0663", "\uFF11", "\u06F5", "A", "g" }) {
            assertTrue(codec.parse(valid.charAt(0) + digit + valid.substring(2)).isEmpty(), digit);
        }
    }

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
        assertEquals(userId, parsed.sessionId());
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

    @Test
    void tokensComeFromARandomSourceThatASnapStartSnapshotCannotRepeat() {
        // NativePRNG reads /dev/urandom for every output; a seeded algorithm such as SHA1PRNG would be copied into
        // every instance restored from one snapshot, and they would all issue the same tokens.
        assertEquals("NativePRNG", TokenCodec.randomSource().getAlgorithm());
    }
}
