package dev.anonymousaccess.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class KeyRotationTest {

    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final Duration LEAD = Duration.ofMinutes(150);
    static final Duration LONGEST = Duration.ofHours(24);
    static final Duration SKEW = Duration.ofMinutes(5);
    static final KeyRotation ROTATION = new KeyRotation(LEAD, LONGEST, SKEW);

    static SigningKey generated(String kid) {
        return new SigningKey(kid, SigningAlgorithm.RS256, "{\"kid\":\"" + kid + "\"}", new byte[] { 1 }, T0, T0,
                null, null);
    }

    static KeySet first() {
        return ROTATION.rotated(KeySet.EMPTY, generated("k1"), T0, true).orElseThrow();
    }

    @Test
    void theFirstKeyOfADeploymentSignsAtOnceWhenAskedTo() {
        KeySet set = first();

        assertEquals("k1", set.signerAt(T0).orElseThrow().kid());
        assertEquals(1, set.version());
    }

    @Test
    void aNewKeyIsPublishedAtOnceButSignsOnlyAfterThePublicationLead() {
        Instant later = T0.plus(Duration.ofDays(7));
        KeySet set = ROTATION.rotated(first(), generated("k2"), later, false).orElseThrow();

        assertEquals(List.of("k1", "k2"), set.publishedAt(later).stream().map(SigningKey::kid).toList());
        assertEquals("k1", set.signerAt(later.plus(LEAD).minusSeconds(1)).orElseThrow().kid());
        assertEquals("k2", set.signerAt(later.plus(LEAD)).orElseThrow().kid());
    }

    @Test
    void theRetiredKeyStaysPublishedUntilEveryTokenItSignedHasExpired() {
        Instant later = T0.plus(Duration.ofDays(7));
        KeySet set = ROTATION.rotated(first(), generated("k2"), later, false).orElseThrow();
        Instant lastSignature = later.plus(LEAD).minusMillis(1);
        Instant lastExpiry = lastSignature.plus(LONGEST).plus(SKEW);

        assertTrue(set.published("k1", lastExpiry).isPresent());
        assertTrue(set.published("k1", lastExpiry.plusMillis(1)).isEmpty());
    }

    @Test
    void aRotationUnderWayIsNotStartedAgain() {
        Instant later = T0.plus(Duration.ofDays(7));
        KeySet set = ROTATION.rotated(first(), generated("k2"), later, false).orElseThrow();

        assertTrue(ROTATION.rotated(set, generated("k3"), later.plus(LEAD).minusSeconds(1), false).isEmpty());
    }

    /** The first key's set rotated at {@code second} (to k2), then at {@code third} (to k3). */
    static KeySet rotatedTwice(Instant second, Instant third) {
        KeySet twice = ROTATION.rotated(first(), generated("k2"), second, false).orElseThrow();
        return ROTATION.rotated(twice, generated("k3"), third, false).orElseThrow();
    }

    @Test
    void keysWhoseTokensHaveAllExpiredLeaveTheSetAtTheNextRotation() {
        Instant second = T0.plus(Duration.ofDays(7));
        Instant third = second.plus(Duration.ofDays(7));
        KeySet thrice = rotatedTwice(second, third);

        assertEquals(List.of("k2", "k3"), thrice.keys().stream().map(SigningKey::kid).toList());
        assertEquals(3, thrice.version());
    }

    @Test
    void aKeyThatSignsAtOnceIsRefusedForASetThatHasKeys() {
        assertThrows(IllegalArgumentException.class,
                () -> ROTATION.rotated(first(), generated("k2"), T0.plusSeconds(60), true));
    }

    @Test
    void atEveryMomentOfTwoRotationsExactlyOnePublishedKeySigns() {
        Instant second = T0.plus(Duration.ofDays(1));
        Instant third = second.plus(Duration.ofHours(3));
        KeySet last = rotatedTwice(second, third);

        for (Instant at = third; at.isBefore(third.plus(Duration.ofDays(2))); at = at.plus(Duration.ofMinutes(1))) {
            SigningKey signer = last.signerAt(at).orElseThrow();
            assertTrue(last.published(signer.kid(), at).isPresent(), "the signer is published at " + at);
        }
    }
}
