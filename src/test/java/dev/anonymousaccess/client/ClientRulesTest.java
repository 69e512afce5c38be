package dev.anonymousaccess.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.testing.Domain;

/** Registration, admission and the preflight index, on in-memory stores. */
@Tag("rules")
class ClientRulesTest {

    final Domain domain = new Domain();
    ClientApp app;

    @BeforeEach
    void oneClient() {
        app = domain.clients.put(ClientDefinition.builder().clientId("web").name("Web")
                .allowedOrigins(List.of("https://app.example.com", "https://*.example.org")).enabled(true).build());
    }

    OAuthError refusal(String clientId, String origin) {
        return assertThrows(OAuthException.class, () -> domain.clients.admit(clientId, Optional.ofNullable(origin)))
                .error();
    }

    @Test
    void anEnabledClientIsAdmittedWithoutOriginAndFromItsOrigins() {
        assertEquals(app, domain.clients.admit("web", Optional.empty()));
        assertEquals(app, domain.clients.admit("web", Optional.of("https://app.example.com")));
        assertEquals(app, domain.clients.admit("web", Optional.of("https://shop.example.org")));
    }

    @Test
    void otherOriginsAreRefused() {
        assertEquals(OAuthError.ORIGIN_NOT_ALLOWED, refusal("web", "https://example.org"));
        assertEquals(OAuthError.ORIGIN_NOT_ALLOWED, refusal("web", "https://evil.example.net"));
    }

    @Test
    void unknownAndDisabledClientsAreInvalid() {
        assertEquals(OAuthError.INVALID_CLIENT, refusal("nobody", null));
        domain.clients.disable("web");
        assertEquals(OAuthError.INVALID_CLIENT, refusal("web", null));
    }

    @Test
    void afterForgettingItsReadsAnInstanceSeesAnotherInstancesChangeAtOnce() {
        assertTrue(domain.clients.enabledRecently("web").isPresent());
        domain.anotherInstancesRegistry().disable("web");
        assertTrue(domain.clients.enabledRecently("web").isPresent(), "within client-cache-ttl, as read before");

        domain.clientReads.forgetAll();

        assertTrue(domain.clients.enabledRecently("web").isEmpty());
    }

    @Test
    void anotherInstancesChangeIsSeenOnceTheCacheTtlHasPassed() {
        assertTrue(domain.clients.enabledRecently("web").isPresent());
        domain.anotherInstancesRegistry().disable("web");

        domain.clock.advance(Domain.CLIENT_CACHE_TTL);

        assertTrue(domain.clients.enabledRecently("web").isEmpty());
    }

    @Test
    void anAppRegisteredOnAnotherInstanceWorksWithinSecondsWhereItWasSeenUnknown() {
        assertTrue(domain.clients.enabledRecently("late").isEmpty());
        domain.anotherInstancesRegistry().put(ClientDefinition.builder().clientId("late").build());

        assertTrue(domain.clients.enabledRecently("late").isEmpty(), "the miss is remembered a moment");
        domain.clock.advance(ClientReads.MISS_TTL);

        assertTrue(domain.clients.enabledRecently("late").isPresent(), "not for the whole client-cache-ttl");
    }

    @Test
    void madeUpClientIdsDoNotGrowTheCacheBeyondItsBound() {
        for (int i = 0; i < ClientReads.MAX_CACHED + 500; i++) {
            domain.clients.enabledRecently("made-up-" + i);
        }

        domain.clientReads.apps.cleanUp();
        assertTrue(domain.clientReads.apps.estimatedSize() <= ClientReads.MAX_CACHED,
                "cached: " + domain.clientReads.apps.estimatedSize());
        assertTrue(domain.clients.enabledRecently("web").isPresent());
    }

    @Test
    void replacingKeepsTheCreationTimeAndMovesTheVersion() {
        domain.clock.advance(Duration.ofHours(1));

        ClientApp replaced = domain.clients.put(ClientDefinition.builder().clientId("web").name("Renamed")
                .allowedOrigins(List.of()).enabled(true).build());

        assertEquals(app.createdAt(), replaced.createdAt());
        assertEquals(domain.clock.instant(), replaced.updatedAt());
        assertEquals(app.version() + 1, replaced.version());
    }

    @Test
    void preflightsFollowTheIndexOfEnabledClients() {
        assertTrue(domain.clients.anyClientAllows("https://a.b.example.org"));
        assertFalse(domain.clients.anyClientAllows("https://example.org"));

        domain.clients.disable("web");
        assertFalse(domain.clients.anyClientAllows("https://app.example.com"));

        domain.clients.put(ClientDefinition.builder().clientId("web").name("Web")
                .allowedOrigins(List.of("https://app.example.com")).enabled(true).build());
        assertTrue(domain.clients.anyClientAllows("https://app.example.com"));
        assertFalse(domain.clients.anyClientAllows("https://shop.example.org"));
    }

    @Test
    void timesAreWholeSecondsAsStored() {
        domain.clock.advance(Duration.ofNanos(123_456_789));

        ClientApp replaced = domain.clients.put(ClientDefinition.builder().clientId("web").name("Web")
                .allowedOrigins(List.of()).enabled(true).build());

        assertEquals(Optional.of(replaced), domain.clients.find("web"));
        assertEquals(0, replaced.updatedAt().getNano());
    }
}
