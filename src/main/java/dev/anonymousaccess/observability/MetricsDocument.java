package dev.anonymousaccess.observability;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One invocation's summary and metrics as a CloudWatch Embedded Metric Format document: a JSON object whose
 * {@code _aws} member tells CloudWatch Logs which of its members are metrics and which are dimensions. Each metric is
 * published with dimension {@code Function}, and the per-client (per-reason) ones also with {@code Function, ClientId}
 * ({@code Function, Reason}). The rest of the summary (message, request ids, route, outcome, status, error, DynamoDB
 * calls, user, cold start) rides along as plain members, typed, for Logs Insights; the user id is never a dimension.
 * Written with Jackson's streaming generator: no reflection, nothing to register for the native image, no start-up
 * cost.
 */
public final class MetricsDocument {

    /** The latency metric of every invocation. */
    public static final String LATENCY = "Latency";

    private static final JsonFactory JSON = new JsonFactory();

    private MetricsDocument() {
    }

    public static String of(InvocationRecord invocation, String namespace, long timestampMillis, String lambdaRequestId,
            String message) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", timestampMillis);
            json.writeArrayFieldStart("CloudWatchMetrics");
            List<Metric> byFunction = new ArrayList<>();
            List<Metric> byClient = new ArrayList<>();
            List<Metric> byReason = new ArrayList<>();
            for (Metric metric : Metric.values()) {
                if (!invocation.counts().containsKey(metric)) {
                    continue;
                }
                switch (metric.breakdown()) {
                    case CLIENT -> (invocation.clientId() != null ? byClient : byFunction).add(metric);
                    case REASON -> (invocation.refusal() != null ? byReason : byFunction).add(metric);
                    case NONE -> byFunction.add(metric);
                }
            }
            directive(json, namespace, List.of(List.of("Function")), byFunction, true);
            if (!byClient.isEmpty()) {
                directive(json, namespace, List.of(List.of("Function"), List.of("Function", "ClientId")), byClient,
                        false);
            }
            if (!byReason.isEmpty()) {
                directive(json, namespace, List.of(List.of("Function"), List.of("Function", "Reason")), byReason,
                        false);
            }
            json.writeEndArray();
            json.writeEndObject();

            json.writeStringField("Function", invocation.function());
            if (invocation.clientId() != null) {
                json.writeStringField("ClientId", invocation.clientId());
            }
            if (invocation.refusal() != null) {
                json.writeStringField("Reason", invocation.refusal());
            }
            json.writeNumberField(LATENCY, invocation.latencyMillis());
            for (Map.Entry<Metric, Integer> count : invocation.counts().entrySet()) {
                json.writeNumberField(count.getKey().metricName(), count.getValue());
            }
            json.writeStringField("message", message);
            optionalField(json, "requestId", lambdaRequestId);
            optionalField(json, "apiRequestId", invocation.apiRequestId());
            optionalField(json, "route", invocation.route());
            json.writeStringField("outcome", invocation.outcome());
            if (invocation.status() != 0) {
                json.writeNumberField("status", invocation.status());
            }
            optionalField(json, "error", invocation.error());
            json.writeNumberField("dynamodbCalls", invocation.dynamoDbCalls());
            optionalField(json, "userId", invocation.userId());
            json.writeBooleanField("coldStart", invocation.coldStart());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void directive(JsonGenerator json, String namespace, List<List<String>> dimensionSets,
            List<Metric> metrics, boolean withLatency) throws IOException {
        json.writeStartObject();
        json.writeStringField("Namespace", namespace);
        json.writeArrayFieldStart("Dimensions");
        for (List<String> set : dimensionSets) {
            json.writeStartArray();
            for (String dimension : set) {
                json.writeString(dimension);
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("Metrics");
        if (withLatency) {
            metricDefinition(json, LATENCY, "Milliseconds");
        }
        for (Metric metric : metrics) {
            metricDefinition(json, metric.metricName(), "Count");
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void metricDefinition(JsonGenerator json, String name, String unit) throws IOException {
        json.writeStartObject();
        json.writeStringField("Name", name);
        json.writeStringField("Unit", unit);
        json.writeEndObject();
    }

    private static void optionalField(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
