package dev.anonymousaccess.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ServiceLoader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import jakarta.json.spi.JsonProvider;

@Tag("rules")
class FunctionMainTest {

    @AfterEach
    void unname() {
        System.clearProperty(FunctionMain.JSON_PROVIDER_PROPERTY);
    }

    @Test
    void theNamedJsonProviderIsTheOneTheServiceLoaderWouldFind() {
        // A provider that no longer exists would stop the JSON log formatter, and with it every native start.
        JsonProvider found = ServiceLoader.load(JsonProvider.class).findFirst().orElseThrow();

        assertEquals(FunctionMain.JSON_PROVIDER, found.getClass().getName());
    }

    @Test
    void onceNamedJakartaJsonTakesTheProviderWithoutSearching() {
        FunctionMain.nameJsonProvider();

        assertEquals(FunctionMain.JSON_PROVIDER, System.getProperty("jakarta.json.provider"));
        assertEquals(FunctionMain.JSON_PROVIDER, JsonProvider.provider().getClass().getName());
    }

    @Test
    void aProviderNamedOnTheCommandLineIsKept() {
        System.setProperty(FunctionMain.JSON_PROVIDER_PROPERTY, "org.example.OtherProvider");

        FunctionMain.nameJsonProvider();

        assertEquals("org.example.OtherProvider", System.getProperty("jakarta.json.provider"));
    }
}
