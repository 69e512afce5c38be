package dev.anonymousaccess.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("rules")
class TokenHashTest {

    @Test
    void isTheBase64UrlSha256OfTheToken() {
        // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
        assertEquals("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", TokenHash.of("abc"));
    }

    @Test
    void isTakenOverTheUtf8BytesOfText() throws Exception {
        byte[] utf8 = java.security.MessageDigest.getInstance("SHA-256")
                .digest("m\u00fcller@example.com".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertEquals(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(utf8),
                TokenHash.of("m\u00fcller@example.com"));
    }

    @Test
    void textsThatDifferOnlyBeyondAsciiHashApart() {
        String[][] pairs = { { "m\u00fcller@example.com", "m\u00f6ller@example.com" }, { "\u674e\u56db", "\u5f20\u4e09" },
            { "\ud83d\ude00", "\ud83d\ude01" } };
        for (String[] pair : pairs) {
            assertNotEquals(TokenHash.of(pair[0]), TokenHash.of(pair[1]), "US-ASCII would make both ?");
        }
    }

    @Test
    void textWithALoneSurrogateIsNeverHashed() {
        assertThrows(IllegalArgumentException.class, () -> TokenHash.of("a\ud800"));
        assertFalse(TokenHash.matches("a\ud800", TokenHash.of("a?")));
    }

    @Test
    void matchesOnlyTheSameToken() {
        String stored = TokenHash.of("secret-token");
        assertTrue(TokenHash.matches("secret-token", stored));
        assertFalse(TokenHash.matches("secret-tokem", stored));
    }

    @Test
    void missingOrDamagedHashNeverMatches() {
        assertFalse(TokenHash.matches("x", null));
        assertFalse(TokenHash.matches(null, TokenHash.of("x")));
        assertFalse(TokenHash.matches("x", "!!not base64!!"));
        assertFalse(TokenHash.matches("x", ""));
    }

    @Test
    void aRetiredFormIsRecognisedAsThePrefixOfItsTokensHashAndNothingElse() {
        String hash = TokenHash.of("R-token");
        String retired = TokenHash.retiredForm(hash);

        assertEquals(TokenHash.RETIRED_LENGTH, retired.length());
        assertTrue(TokenHash.hasPrefix(hash, retired));
        assertTrue(TokenHash.hasPrefix(hash, hash), "a whole hash kept by an earlier version");
        assertFalse(TokenHash.hasPrefix(TokenHash.of("another"), retired));
        assertFalse(TokenHash.hasPrefix(hash, hash + "x"));
        assertFalse(TokenHash.hasPrefix(hash, ""));
        assertFalse(TokenHash.hasPrefix(hash, null));
    }
}
