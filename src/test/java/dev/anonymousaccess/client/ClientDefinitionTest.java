package dev.anonymousaccess.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.error.OAuthException;

@Tag("rules")
class ClientDefinitionTest {

    @Test
    void defaultsApply() {
        ClientDefinition valid = new ClientDefinition("my-app", null, null, null).validated();

        assertEquals("my-app", valid.name());
        assertEquals(List.of(), valid.allowedOrigins());
        assertTrue(valid.enabled());
    }

    @Test
    void originsAreCanonicalAndUnique() {
        ClientDefinition valid = new ClientDefinition("my-app", "App",
                List.of("HTTPS://A.example.com:443", "https://a.example.com"), true).validated();

        assertEquals(List.of("https://a.example.com"), valid.allowedOrigins());
    }

    @Test
    void invalidDefinitionsAreRejected() {
        assertThrows(OAuthException.class, () -> new ClientDefinition(null, null, null, null).validated());
        assertThrows(OAuthException.class, () -> new ClientDefinition("a b", null, null, null).validated());
        assertThrows(OAuthException.class, () -> new ClientDefinition("a", " ", null, null).validated());
        assertThrows(OAuthException.class,
                () -> new ClientDefinition("a", null, List.of("nope"), null).validated());
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= ClientDefinition.MAX_ALLOWED_ORIGINS; i++) {
            many.add("https://a" + i + ".example.com");
        }
        assertThrows(OAuthException.class, () -> new ClientDefinition("a", null, many, null).validated());
    }
}
