package dev.anonymousaccess.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.testing.Lambda.HttpResult;

/** What every answer of the public endpoints must look like. */
public final class Answers {

    private Answers() {
    }

    /** An OAuth-style error: exactly {@code error} and {@code error_description}, uncacheable JSON. */
    public static void assertError(HttpResult result, int status, String error) {
        assertEquals(status, result.status(), result.rawBody());
        assertEquals(error, result.body().path("error").asText(), result.rawBody());
        assertFalse(result.body().path("error_description").asText().isBlank(), "error_description is missing");
        assertEquals(Set.of("error", "error_description"), fieldNames(result.body()));
        assertNoStoreJson(result);
    }

    /** Words that would tell a client about the service's internals: the store, its operations, exception classes. */
    static final List<String> INTERNALS = List.of("dynamodb", "getitem", "putitem", "updateitem", "deleteitem",
            "transactwriteitems", "batchgetitem", "query", "exception", "sdk", "timeout", "moto");

    /**
     * What a store failure must look like to a client: 503 {@code temporarily_unavailable} with {@code Retry-After},
     * and no word of the store, its operations or an exception anywhere in the answer.
     */
    public static void assertUnavailableNamingNoInternals(HttpResult result) {
        assertError(result, 503, "temporarily_unavailable");
        assertEquals("2", result.header("Retry-After"), "the test profile's anonymous-access.retry-after");
        String answer = result.rawBody().toLowerCase(Locale.ROOT);
        for (String internal : INTERNALS) {
            assertFalse(answer.contains(internal), "the answer names '" + internal + "': " + result.rawBody());
        }
    }

    /** JSON that no cache may keep (RFC 6749 §5.1). */
    public static void assertNoStoreJson(HttpResult result) {
        assertEquals("application/json", result.header("Content-Type"));
        assertEquals("no-store", result.header("Cache-Control"));
        assertEquals("no-cache", result.header("Pragma"));
    }

    public static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
