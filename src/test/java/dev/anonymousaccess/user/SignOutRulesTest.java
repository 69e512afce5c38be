package dev.anonymousaccess.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Domain;

/** Sign-out by any token the service recognises as the user's, on in-memory stores. */
@Tag("rules")
class SignOutRulesTest {

    final Domain domain = new Domain();
    IssuedTokens first;

    @BeforeEach
    void oneUser() {
        domain.clients.put(ClientDefinition.builder().clientId("app").name("App").allowedOrigins(List.of())
                .enabled(true).build());
        first = domain.registration.register(Domain.signup("app"), InvocationRecorder.NONE);
    }

    IssuedTokens refresh(IssuedTokens pair) {
        return domain.rotation.refresh(pair.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
    }

    boolean signedOut() {
        return domain.userStore.findSession(first.userId()).orElseThrow().revoked();
    }

    @Test
    void theCurrentAccessTokenSignsOut() {
        domain.signOut.revoke(first.accessToken().value(), InvocationRecorder.NONE);
        assertTrue(signedOut());
    }

    @Test
    void theCurrentRefreshTokenSignsOut() {
        domain.signOut.revoke(first.refreshToken().value(), InvocationRecorder.NONE);
        assertTrue(signedOut());
    }

    @Test
    void thePreviousRefreshTokenSignsOut() {
        refresh(first);
        domain.clock.advance(Duration.ofMinutes(5));

        domain.signOut.revoke(first.refreshToken().value(), InvocationRecorder.NONE);

        assertTrue(signedOut());
    }

    @Test
    void aRetiredRefreshTokenSignsOut() {
        refresh(refresh(refresh(first)));

        domain.signOut.revoke(first.refreshToken().value(), InvocationRecorder.NONE);

        assertTrue(signedOut());
    }

    @Test
    void aRotatedAwayAccessTokenIsNotRecognised() {
        refresh(first);

        domain.signOut.revoke(first.accessToken().value(), InvocationRecorder.NONE);

        assertFalse(signedOut());
    }

    @Test
    void unknownAndMalformedTokensChangeNothing() {
        String value = first.refreshToken().value();
        domain.signOut.revoke(value.substring(0, value.length() - 1) + (value.endsWith("a") ? "b" : "a"),
                InvocationRecorder.NONE);
        domain.signOut.revoke("not-a-token", InvocationRecorder.NONE);
        domain.signOut.revoke("", InvocationRecorder.NONE);

        assertFalse(signedOut());
    }
}
