package dev.anonymousaccess.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("rules")
class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = { "", "ascii", "m\u00fcller", "\u674e\u56db", "\ud83d\ude00", "e\u0301", "\u00a0\u2028" })
    void wellFormedTextIsEncodedAsTheJdkDoesAndMeasuredInBytes(String text) {
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);

        assertTrue(Utf8.isWellFormed(text));
        assertArrayEquals(expected, Utf8.encode(text));
        assertEquals(expected.length, Utf8.length(text));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\ud800", "a\udc00", "\ude00\ud83d", "x\ud83d" })
    void aLoneSurrogateIsNotTextAndIsNeverEncoded(String text) {
        assertFalse(Utf8.isWellFormed(text));
        assertThrows(IllegalArgumentException.class, () -> Utf8.encode(text));
    }
}
