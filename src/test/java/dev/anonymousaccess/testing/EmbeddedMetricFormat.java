package dev.anonymousaccess.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The structure the CloudWatch Embedded Metric Format specification requires of a document, checked member by member:
 * {@code _aws.Timestamp} (epoch milliseconds), {@code _aws.CloudWatchMetrics} (directives with a {@code Namespace},
 * {@code Dimensions} as arrays of at most 30 names, and {@code Metrics} definitions with a {@code Name} and an
 * allowed {@code Unit}), every dimension named there present as a string member and every metric as a number member.
 */
public final class EmbeddedMetricFormat {

    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second",
            "None");

    private EmbeddedMetricFormat() {
    }

    /** One published data point: metric, namespace, dimensions (name to value) and value. */
    public record DataPoint(String namespace, String metric, Map<String, String> dimensions, double value) {
    }

    /** Whether {@code document} claims to be an EMF document at all (has an {@code _aws} member). */
    public static boolean isDocument(JsonNode document) {
        return document.isObject() && document.has("_aws");
    }

    /** Asserts the required structure and returns every data point the document publishes. */
    public static List<DataPoint> validate(JsonNode document) {
        JsonNode aws = document.path("_aws");
        assertTrue(aws.isObject(), "_aws must be an object: " + document);
        assertTrue(aws.path("Timestamp").isIntegralNumber(), "_aws.Timestamp must be epoch milliseconds: " + document);
        assertTrue(aws.path("Timestamp").asLong() > 1_000_000_000_000L, "_aws.Timestamp in milliseconds: " + document);
        JsonNode directives = aws.path("CloudWatchMetrics");
        assertTrue(directives.isArray() && !directives.isEmpty(), "_aws.CloudWatchMetrics: " + document);
        List<DataPoint> points = new java.util.ArrayList<>();
        for (JsonNode directive : directives) {
            String namespace = directive.path("Namespace").asText("");
            assertTrue(directive.path("Namespace").isTextual() && !namespace.isBlank()
                    && namespace.length() <= 1024, "Namespace: " + directive);
            JsonNode dimensionSets = directive.path("Dimensions");
            assertTrue(dimensionSets.isArray(), "Dimensions must be an array of dimension sets: " + directive);
            for (JsonNode set : dimensionSets) {
                assertTrue(set.isArray() && set.size() <= 30, "a dimension set is an array of at most 30: " + set);
                Set<String> unique = new HashSet<>();
                for (JsonNode name : set) {
                    assertTrue(name.isTextual(), "dimension names are strings: " + set);
                    assertTrue(unique.add(name.asText()), "dimension named twice: " + set);
                    assertTrue(document.path(name.asText()).isTextual(),
                            "dimension " + name + " must be a string member of the document: " + document);
                }
            }
            JsonNode metrics = directive.path("Metrics");
            assertTrue(metrics.isArray() && !metrics.isEmpty() && metrics.size() <= 100, "Metrics: " + directive);
            for (JsonNode definition : metrics) {
                String name = definition.path("Name").asText("");
                assertTrue(definition.path("Name").isTextual() && !name.isBlank(), "metric Name: " + definition);
                if (definition.has("Unit")) {
                    assertTrue(UNITS.contains(definition.path("Unit").asText()), "metric Unit: " + definition);
                }
                assertTrue(document.path(name).isNumber(), "metric " + name + " must be a number member: " + document);
                assertFalse(document.path(name).isNull(), name);
                for (JsonNode set : dimensionSets) {
                    Map<String, String> dimensions = new LinkedHashMap<>();
                    set.forEach(dimension -> dimensions.put(dimension.asText(), document.path(dimension.asText()).asText()));
                    points.add(new DataPoint(namespace, name, dimensions, document.path(name).asDouble()));
                }
            }
        }
        assertEquals(points.size(), points.stream().distinct().count(), "a data point published twice: " + document);
        return points;
    }
}
