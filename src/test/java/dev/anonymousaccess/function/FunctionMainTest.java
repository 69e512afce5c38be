package dev.anonymousaccess.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import jakarta.json.spi.JsonProvider;

@Tag("rules")
class FunctionMainTest {

    @Test
    void theNamedJsonProviderIsTheOneTheServiceLoaderWouldFind() {
        // A provider that no longer exists would stop the JSON log formatter, and with it every native start.
        JsonProvider found = ServiceLoader.load(JsonProvider.class).findFirst().orElseThrow();

        assertEquals(FunctionMain.JSON_PROVIDER, found.getClass().getName());
    }
}
