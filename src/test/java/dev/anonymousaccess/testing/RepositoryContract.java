package dev.anonymousaccess.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.anonymousaccess.client.CaptchaPolicy;
import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientCredentials;
import dev.anonymousaccess.client.ClientRepository;
import dev.anonymousaccess.client.Deprecation;
import dev.anonymousaccess.signup.SignupCounter;
import dev.anonymousaccess.user.User;
import dev.anonymousaccess.user.UserRepository;

/**
 * What every store must do, run against each implementation (DynamoDB on moto_server, and the in-memory one of the
 * fast tests), so the fake cannot drift from the real thing.
 */
public abstract class RepositoryContract {

    static final Instant NOW = TestClock.START;

    protected abstract UserRepository users();

    protected abstract ClientRepository clients();

    protected abstract SignupCounter signups();

    static User user() {
        String id = UUID.randomUUID().toString();
        return User.builder().userId(id).clientId("app").createdAt(NOW).lastSeenAt(NOW)
                .expiresAt(NOW.plus(Duration.ofDays(30))).accessTokenHash("access-" + id)
                .accessTokenExpiresAt(NOW.plus(Duration.ofHours(24))).refreshTokenHash("refresh-" + id)
                .rotationKey("key").version(1).build();
    }

    static User rotated(User user) {
        Instant later = NOW.plusMillis(1500);
        return user.toBuilder().lastSeenAt(NOW.plusSeconds(1)).expiresAt(user.expiresAt().plusSeconds(1))
                .accessTokenHash("access2").accessTokenExpiresAt(NOW.plus(Duration.ofHours(25)))
                .refreshTokenHash("refresh2").previousRefreshTokenHash(user.refreshTokenHash()).refreshRotatedAt(later)
                .retiredRefreshTokenHashes(List.of(user.refreshTokenHash())).version(user.version() + 1).build();
    }

    static ClientApp client(String id, boolean enabled, String... origins) {
        return ClientApp.builder().clientId(id).name(id).allowedOrigins(List.of(origins)).enabled(enabled)
                .signupsPerIp(30).createdAt(NOW).updatedAt(NOW).version(1).build();
    }

    @Test
    void aClientAppsDeprecationIsReadBackAsWritten() {
        ClientApp app = ClientApp.builder().clientId("deprecated").name("Deprecated").allowedOrigins(List.of())
                .enabled(true).signupsPerIp(30).createdAt(NOW).updatedAt(NOW).version(1)
                .deprecation(Deprecation.of("2026-02-01T00:00:00Z", "2026-08-01T00:00:00Z", "https://example.com/a"))
                .build();
        ClientApp undated = ClientApp.builder().clientId("undated").name("Undated").allowedOrigins(List.of())
                .enabled(true).signupsPerIp(30).createdAt(NOW).updatedAt(NOW).version(1)
                .deprecation(Deprecation.of("2026-02-01T00:00:00Z", null, null)).build();

        assertTrue(clients().save(app, Optional.empty()));
        assertTrue(clients().save(undated, Optional.empty()));

        assertEquals(Optional.of(app), clients().find("deprecated"));
        assertEquals(Optional.of(undated), clients().find("undated"));
    }

    @Test
    void aClientAppsBackendCredentialsAreReadBackAsWritten() {
        ClientApp app = client("with-secret", true).toBuilder()
                .credentials(ClientCredentials.first("hash-1", NOW).rotatedTo("hash-2", NOW, Duration.ofHours(24)))
                .build();

        assertTrue(clients().save(app, Optional.empty()));

        assertEquals(Optional.of(app), clients().find("with-secret"));
    }

    @Test
    void aUserIsReadBackAsWritten() {
        User user = user();
        assertTrue(users().insert(user));

        assertEquals(Optional.of(user), users().find(user.userId()));
    }

    @Test
    void aRotatedUserIsReadBackWithMillisecondRotationTime() {
        User user = user();
        users().insert(user);
        User next = rotated(user);

        assertTrue(users().replaceTokens(user, next).written());
        assertEquals(Optional.of(next), users().find(user.userId()));
    }

    @Test
    void anAbsentUserIsEmpty() {
        assertEquals(Optional.empty(), users().find(UUID.randomUUID().toString()));
    }

    @Test
    void insertingTheSameUserAgainIsSuccessButAnotherWithItsIdIsNot() {
        User user = user();
        users().insert(user);
        User other = User.builder().userId(user.userId()).clientId("other").createdAt(NOW).lastSeenAt(NOW)
                .expiresAt(user.expiresAt()).accessTokenHash("other-access").accessTokenExpiresAt(NOW)
                .refreshTokenHash("other-refresh").rotationKey("key").version(1).build();

        assertTrue(users().insert(user), "a retried insert of this very user");
        assertFalse(users().insert(other));
        assertEquals(Optional.of(user), users().find(user.userId()));
    }

    @Test
    void theLifetimeOnlyMovesForward() {
        User user = user();
        users().insert(user);

        assertFalse(users().extendLifetime(user.userId(), NOW, user.expiresAt()));
        assertFalse(users().extendLifetime(user.userId(), NOW, user.expiresAt().minusSeconds(60)));
        assertTrue(users().extendLifetime(user.userId(), NOW.plusSeconds(60), user.expiresAt().plusSeconds(60)));

        User stored = users().find(user.userId()).orElseThrow();
        assertEquals(user.expiresAt().plusSeconds(60), stored.expiresAt());
        assertEquals(NOW.plusSeconds(60), stored.lastSeenAt());
    }

    @Test
    void theLifetimeOfAnAbsentUserIsNeverWritten() {
        String id = UUID.randomUUID().toString();

        assertFalse(users().extendLifetime(id, NOW, NOW.plus(Duration.ofDays(30))));
        assertEquals(Optional.empty(), users().find(id));
    }

    @Test
    void aReplacementAtAnotherVersionIsRefusedWithTheCurrentUser() {
        User user = user();
        users().insert(user);
        User next = rotated(user);
        users().replaceTokens(user, next);

        UserRepository.Replacement again = users().replaceTokens(user, rotated(user));

        assertFalse(again.written());
        assertEquals(Optional.of(next), again.current());
    }

    @Test
    void aRevokedUsersTokensAreNeverReplaced() {
        User user = user();
        users().insert(user);
        users().revoke(user.userId(), NOW);

        UserRepository.Replacement replacement = users().replaceTokens(user, rotated(user));

        assertFalse(replacement.written());
        assertTrue(replacement.current().orElseThrow().revoked());
    }

    @Test
    void theReplacementOfAGoneUserSaysSo() {
        User user = user();

        assertEquals(new UserRepository.Replacement(false, Optional.empty()), users().replaceTokens(user, rotated(user)));
    }

    @Test
    void revokingMarksTheUserAndMovesItsVersion() {
        User user = user();
        users().insert(user);

        assertTrue(users().revoke(user.userId(), NOW));
        assertTrue(users().revoke(user.userId(), NOW), "revoking again changes nothing but is no failure");

        User stored = users().find(user.userId()).orElseThrow();
        assertTrue(stored.revoked());
        assertTrue(stored.version() > user.version());
        assertFalse(users().revoke(UUID.randomUUID().toString(), NOW));
    }

    @Test
    void aUserIsDeletedOnceFromTheVersionItWasReadAt() {
        User user = user();
        users().insert(user);

        assertTrue(users().delete(user));
        assertFalse(users().delete(user), "nothing left to delete");
        assertEquals(Optional.empty(), users().find(user.userId()));
    }

    @Test
    void aUserThatChangedSinceItWasReadIsNotDeleted() {
        User user = user();
        users().insert(user);
        users().revoke(user.userId(), NOW); // a change between the read and the delete, as a claim would be

        assertFalse(users().delete(user));
        assertTrue(users().find(user.userId()).isPresent());
    }

    @Test
    void aClaimedUserWithSessionsIsReadBackAsWritten() {
        User claimed = user().toBuilder().expiresAt(null).subject("auth0|4711").claimedAt(NOW)
                .sessions(List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString())).build();
        users().insert(claimed);

        assertEquals(Optional.of(claimed), users().find(claimed.userId()));
    }

    @Test
    void aClientAppIsReadBackAsWritten() {
        ClientApp app = client("app-" + UUID.randomUUID(), true, "https://a.example.com", "https://*.example.org");

        assertTrue(clients().save(app, Optional.empty()));
        assertEquals(Optional.of(app), clients().find(app.clientId()));
    }

    @Test
    void aClientAppsBotCheckIsReadBackAsWritten() {
        ClientApp app = ClientApp.builder().clientId("app-" + UUID.randomUUID()).name("guarded")
                .allowedOrigins(List.of()).enabled(true).signupsPerIp(5)
                .captcha(new CaptchaPolicy(CaptchaPolicy.Provider.HCAPTCHA, "/captcha/app", true)).createdAt(NOW)
                .updatedAt(NOW).version(1).build();

        clients().save(app, Optional.empty());

        assertEquals(Optional.of(app), clients().find(app.clientId()));
    }

    @Test
    void aClientAppIsReplacedOnlyFromTheVersionItWasReadAt() {
        ClientApp app = client("app-" + UUID.randomUUID(), true);
        clients().save(app, Optional.empty());
        ClientApp second = ClientApp.builder().clientId(app.clientId()).name("second").allowedOrigins(List.of())
                .enabled(true).signupsPerIp(30).createdAt(NOW).updatedAt(NOW.plusSeconds(5)).version(2).build();
        ClientApp rival = ClientApp.builder().clientId(app.clientId()).name("rival").allowedOrigins(List.of())
                .enabled(true).signupsPerIp(30).createdAt(NOW).updatedAt(NOW.plusSeconds(6)).version(2).build();

        assertTrue(clients().save(second, Optional.of(app)));
        assertTrue(clients().save(second, Optional.of(app)), "a retried save of this very change");
        assertFalse(clients().save(rival, Optional.of(app)));
        assertFalse(clients().save(client(app.clientId(), true), Optional.empty()), "never overwrites as new");
        assertEquals(Optional.of(second), clients().find(app.clientId()));
    }

    @Test
    void aSignupIsCountedOnceAndTheCounterHoldsAtMostItsLimit() {
        String key = "app#192.0.2.1#" + UUID.randomUUID();
        Instant end = NOW.plus(Duration.ofHours(1));

        assertTrue(signups().countOnce(key, "one", 2, end));
        assertTrue(signups().countOnce(key, "one", 2, end), "a retried count of this very sign-up");
        assertTrue(signups().countOnce(key, "two", 2, end));
        assertFalse(signups().countOnce(key, "three", 2, end));
        assertTrue(signups().countOnce(key, "two", 2, end), "a counted sign-up retried once the counter is full");
        assertTrue(signups().countOnce("app#192.0.2.2#" + UUID.randomUUID(), "three", 2, end), "another source");
    }

    @Test
    void theOriginIndexHoldsTheOriginsOfEnabledClientAppsOnly() {
        String id = "app-" + UUID.randomUUID();
        String origin = "https://" + id + ".example.com";
        ClientApp app = client(id, true, origin);
        clients().save(app, Optional.empty());
        assertTrue(clients().anyClientAllowsOneOf(List.of("https://other.example.com", origin)));

        ClientApp disabled = ClientApp.builder().clientId(id).name(id).allowedOrigins(List.of(origin)).enabled(false)
                .signupsPerIp(30).createdAt(NOW).updatedAt(NOW).version(2).build();
        clients().save(disabled, Optional.of(app));
        assertFalse(clients().anyClientAllowsOneOf(List.of(origin)));

        ClientApp enabledAgain = ClientApp.builder().clientId(id).name(id).allowedOrigins(List.of(origin))
                .enabled(true).signupsPerIp(30).createdAt(NOW).updatedAt(NOW).version(3).build();
        clients().save(enabledAgain, Optional.of(disabled));
        assertTrue(clients().anyClientAllowsOneOf(List.of(origin)));
        clients().save(ClientApp.builder().clientId(id).name(id).allowedOrigins(List.of()).enabled(true)
                .signupsPerIp(30).createdAt(NOW).updatedAt(NOW).version(4).build(), Optional.of(enabledAgain));
        assertFalse(clients().anyClientAllowsOneOf(List.of(origin)), "an origin removed from an enabled app");
    }
}
