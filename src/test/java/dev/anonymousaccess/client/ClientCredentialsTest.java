package dev.anonymousaccess.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.token.TokenHash;

/** A client app's backend secret: the current one, and its predecessor for the grace period. */
@Tag("rules")
class ClientCredentialsTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration GRACE = Duration.ofHours(24);

    @Test
    void theCurrentSecretIsAcceptedAndNothingElse() {
        ClientCredentials credentials = ClientCredentials.first(TokenHash.of("aas_first"), T0);

        assertTrue(credentials.accepts("aas_first", T0.plus(Duration.ofDays(400))));
        assertFalse(credentials.accepts("aas_other", T0));
        assertFalse(credentials.accepts(null, T0));
    }

    @Test
    void afterARotationThePreviousSecretWorksForTheGracePeriodOnly() {
        ClientCredentials rotated = ClientCredentials.first(TokenHash.of("aas_first"), T0)
                .rotatedTo(TokenHash.of("aas_second"), T0.plusSeconds(60), GRACE);

        assertTrue(rotated.accepts("aas_second", T0.plusSeconds(60)));
        assertTrue(rotated.accepts("aas_first", T0.plusSeconds(60).plus(GRACE).minusSeconds(1)));
        assertFalse(rotated.accepts("aas_first", T0.plusSeconds(60).plus(GRACE)));
    }

    @Test
    void aSecondRotationEndsTheFirstSecretsGraceAtOnce() {
        ClientCredentials twice = ClientCredentials.first(TokenHash.of("aas_first"), T0)
                .rotatedTo(TokenHash.of("aas_second"), T0, GRACE).rotatedTo(TokenHash.of("aas_third"), T0, GRACE);

        assertFalse(twice.accepts("aas_first", T0));
        assertTrue(twice.accepts("aas_second", T0));
        assertTrue(twice.accepts("aas_third", T0));
    }
}
