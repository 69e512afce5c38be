package dev.anonymousaccess.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * docs/lifecycle-events.schema.json, the published JSON Schema (draft 4, as EventBridge's schema registry takes it) of
 * the events apps receive, as a validator that is not ours (networknt's) reads it.
 */
public final class LifecycleEventSchema {

    public static final Path FILE = Path.of("docs", "lifecycle-events.schema.json");

    private static final Schema SCHEMA = load();

    private LifecycleEventSchema() {
    }

    private static Schema load() {
        try (InputStream schema = Files.newInputStream(FILE)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the schema finds wrong with {@code event}: nothing for an event as documented. */
    public static List<String> errorsOf(JsonNode event) {
        return SCHEMA.validate(event).stream().map(Error::toString).toList();
    }

    /**
     * @return {@code events}, each as the schema describes it
     * @throws AssertionError naming the first event that is not, and why
     */
    public static List<JsonNode> checked(List<JsonNode> events) {
        for (JsonNode event : events) {
            List<String> errors = errorsOf(event);
            if (!errors.isEmpty()) {
                throw new AssertionError("docs/lifecycle-events.schema.json does not describe " + event + ": " + errors);
            }
        }
        return events;
    }
}
