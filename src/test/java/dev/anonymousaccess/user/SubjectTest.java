package dev.anonymousaccess.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;

@Tag("rules")
class SubjectTest {

    @Test
    void twoHundredFiftySixCharactersOfFourBytesEachAreTaken() {
        String subject = "\ud83d\ude00".repeat(Subject.MAX_LENGTH);

        assertEquals(subject, Subject.require(subject));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "a\u0000b", "line\nbreak", "lone \ud800 high", "lone \udc00 low",
            "\ude00\ud83d reversed" })
    void aSubjectThatIsNoUnicodeTextOrIsBlankOrHoldsControlsIsInvalidRequest(String subject) {
        OAuthException refused = assertThrows(OAuthException.class, () -> Subject.require(subject));

        assertEquals(OAuthError.INVALID_REQUEST, refused.error());
    }

    @Test
    void aSubjectOfMoreThanTwoHundredFiftySixCharactersIsInvalidRequest() {
        assertThrows(OAuthException.class, () -> Subject.require("\u674e".repeat(Subject.MAX_LENGTH + 1)));
    }
}
