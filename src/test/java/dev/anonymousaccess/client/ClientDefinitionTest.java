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
        ClientDefinition valid = ClientDefinition.builder().clientId("my-app").build().validated();

        assertEquals("my-app", valid.name());
        assertEquals(ClientSettings.NONE, valid.settings(), "no settings of its own: the deployment's defaults apply");
        assertTrue(valid.enabled());
    }

    @Test
    void originsAreCanonicalAndUnique() {
        ClientDefinition valid = ClientDefinition.builder().clientId("my-app").name("App")
                .allowedOrigins(List.of("HTTPS://A.example.com:443", "https://a.example.com")).enabled(true)
                .build().validated();

        assertEquals(List.of("https://a.example.com"), valid.settings().allowedOrigins());
    }

    @Test
    void invalidDefinitionsAreRejected() {
        assertThrows(OAuthException.class, () -> ClientDefinition.builder().build().validated());
        assertThrows(OAuthException.class, () -> ClientDefinition.builder().clientId("a b").build().validated());
        assertThrows(OAuthException.class, () -> ClientDefinition.builder().clientId("a").name(" ")
                .build().validated());
        assertThrows(OAuthException.class,
                () -> ClientDefinition.builder().clientId("a").allowedOrigins(List.of("nope")).build().validated());
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= ClientSettings.MAX_ALLOWED_ORIGINS; i++) {
            many.add("https://a" + i + ".example.com");
        }
        assertThrows(OAuthException.class, () -> ClientDefinition.builder().clientId("a").allowedOrigins(many)
                .build().validated());
    }
}
