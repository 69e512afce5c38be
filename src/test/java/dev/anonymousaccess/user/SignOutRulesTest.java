package dev.anonymousaccess.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Domain;

/** Sign-out by any token the service recognises as the user's, on in-memory stores. */
@Tag("rules")
class SignOutRulesTest {

    final Domain domain = new Domain();
    final IssuedTokens first = domain.oneUserOfAnApp();

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
        domain.refreshed(first);
        domain.clock.advance(Duration.ofMinutes(5));

        domain.signOut.revoke(first.refreshToken().value(), InvocationRecorder.NONE);

        assertTrue(signedOut());
    }

    @Test
    void aRetiredRefreshTokenSignsOut() {
        domain.refreshed(domain.refreshed(domain.refreshed(first)));

        domain.signOut.revoke(first.refreshToken().value(), InvocationRecorder.NONE);

        assertTrue(signedOut());
    }

    @Test
    void aRotatedAwayAccessTokenIsNotRecognised() {
        domain.refreshed(first);

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
