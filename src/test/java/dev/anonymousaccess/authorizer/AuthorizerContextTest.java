package dev.anonymousaccess.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("rules")
class AuthorizerContextTest {

    @Test
    void whatTheAuthorizerHandsOnARouteReadsBack() {
        AuthorizerContext context = new AuthorizerContext("u-1", "app",
                List.of("http://localhost:3000", "https://*.example.com"));

        assertEquals(Optional.of(context), AuthorizerContext.read(Map.copyOf(context.asMap())));
    }

    @Test
    void aClaimedUsersSubjectReadsBack() {
        AuthorizerContext context = new AuthorizerContext("u-1", "app", List.of(), Optional.of("auth0|p"));

        assertEquals(Optional.of(context), AuthorizerContext.read(Map.copyOf(context.asMap())));
        assertEquals("auth0|p", context.asMap().get("subject"));
    }

    @Test
    void anAnonymousUsersContextHasNoSubject() {
        assertFalse(new AuthorizerContext("u-1", "app", List.of()).asMap().containsKey("subject"));
    }

    @Test
    void theOriginsTravelAsOneStringSoThatRestApisPassThemOn() {
        assertEquals("http://localhost:3000 https://*.example.com", new AuthorizerContext("u-1", "app",
                List.of("http://localhost:3000", "https://*.example.com")).asMap().get("allowedOrigins"));
    }

    @Test
    void aClientAppWithoutOriginsAllowsNoBrowser() {
        AuthorizerContext context = new AuthorizerContext("u-1", "app", List.of());

        assertEquals(List.of(), AuthorizerContext.read(Map.copyOf(context.asMap())).orElseThrow().allowedOrigins());
    }

    @Test
    void aContextWithoutTheCallerIsNone() {
        assertTrue(AuthorizerContext.read(Map.of("clientId", "app")).isEmpty());
        assertTrue(AuthorizerContext.read(Map.of("userId", "u-1")).isEmpty());
        assertTrue(AuthorizerContext.read(null).isEmpty());
    }
}
