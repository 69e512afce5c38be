package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Lambda.http;
import static dev.anonymousaccess.testing.Lambda.httpEvent;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.SdkCallCounter;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.LogCapture;
import dev.anonymousaccess.user.IssuedTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Runs every path that logs — refusals, theft, sign-out, outages, bad requests — and searches the log for tokens. */
@QuarkusTest
@TestProfile(Exports.Refresh.class)
class TokensNeverLoggedTest extends FunctionTest {

    static HttpResult refresh(String body) {
        return http(httpEvent("POST", REFRESH_PATH, Map.of("content-type", "application/json"), body,
                false));
    }

    @Test
    void noTokenSecretAppearsInAnyLogLine() {
        List<String> secrets = new ArrayList<>();
        try (LogCapture log = new LogCapture()) {
            IssuedTokens user = users.startWithOneUser();
            secrets.add(user.accessToken().value());
            secrets.add(user.refreshToken().value());

            verifier.verify(user.refreshToken().value(), InvocationRecorder.NONE);
            verifier.verify(user.accessToken().value().replace('A', 'B'), InvocationRecorder.NONE);
            HttpResult rotated = refresh("{\"refresh_token\":\"" + user.refreshToken().value() + "\"}");
            secrets.add(rotated.body().get("token").get("access_token").asText());
            secrets.add(rotated.body().get("token").get("refresh_token").asText());
            clock.advance(Duration.ofMinutes(1));
            refresh("{\"refresh_token\":\"" + user.refreshToken().value() + "\"}"); // reuse: theft, logged
            refresh("{\"refresh_token\":\"" + user.refreshToken().value() + "\", \"grant_type\": 3}");
            refresh("{\"refresh_token\":\"" + user.refreshToken().value());

            IssuedTokens other = users.create();
            secrets.add(other.accessToken().value());
            secrets.add(other.refreshToken().value());
            SdkCallCounter.failNext("UpdateItem");
            refresh("{\"refresh_token\":\"" + other.refreshToken().value() + "\"}"); // 503, logged
            signOut.revoke(other.accessToken().value(), InvocationRecorder.NONE);
            verifier.verify(other.accessToken().value(), InvocationRecorder.NONE);
            try {
                rotation.refresh(other.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
            } catch (RuntimeException expected) {
                // refused: revoked
            }

            List<String> lines = log.lines();
            assertTrue(lines.stream().anyMatch(line -> line.contains("reuse detected")), "theft must be logged");
            for (String secret : secrets) {
                String secretPart = secret.substring(33);
                for (String line : lines) {
                    assertFalse(line.contains(secretPart), "a token secret was logged: " + line);
                }
            }
        }
    }
}
