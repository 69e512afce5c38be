package dev.anonymousaccess.testing;

import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB stream records as Lambda delivers them (NEW_AND_OLD_IMAGES), built from items as the store writes them:
 * so that a record in a test has exactly the layout the table has.
 */
public final class StreamRecordJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private StreamRecordJson() {
    }

    /** A record of {@code eventName} with these images (either may be null), not by TTL. */
    public static ObjectNode record(String eventName, String sequenceNumber, Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventID", "event-" + sequenceNumber).put("eventName", eventName).put("eventVersion", "1.1")
                .put("eventSource", "aws:dynamodb").put("awsRegion", "us-east-1")
                .put("eventSourceARN", "arn:aws:dynamodb:us-east-1:123456789012:table/anonymous-access/stream/"
                        + "2026-12-07T00:00:00.000");
        ObjectNode dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", 1.7651016E9).put("SequenceNumber", sequenceNumber)
                .put("SizeBytes", 300).put("StreamViewType", "NEW_AND_OLD_IMAGES");
        Map<String, AttributeValue> keyed = newImage != null ? newImage : oldImage;
        dynamodb.putObject("Keys").set("pk", json(keyed.get("pk")));
        if (oldImage != null) {
            dynamodb.set("OldImage", image(oldImage));
        }
        if (newImage != null) {
            dynamodb.set("NewImage", image(newImage));
        }
        return record;
    }

    /** A deletion by TTL, with the service identity AWS documents for it. */
    public static ObjectNode ttlDeletion(String sequenceNumber, Map<String, AttributeValue> oldImage) {
        ObjectNode record = record("REMOVE", sequenceNumber, oldImage, null);
        record.putObject("userIdentity").put("type", "Service").put("principalId", "dynamodb.amazonaws.com");
        return record;
    }

    /** A batch as the lifecycle function receives it. */
    public static ObjectNode batch(ObjectNode... records) {
        ObjectNode batch = JSON.createObjectNode();
        ArrayNode list = batch.putArray("Records");
        for (ObjectNode record : records) {
            list.add(record);
        }
        return batch;
    }

    public static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode image = JSON.createObjectNode();
        item.forEach((name, value) -> image.set(name, json(value)));
        return image;
    }

    static ObjectNode json(AttributeValue value) {
        ObjectNode typed = JSON.createObjectNode();
        switch (value.type()) {
            case S -> typed.put("S", value.s());
            case N -> typed.put("N", value.n());
            case B -> typed.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> typed.put("BOOL", value.bool());
            case NUL -> typed.put("NULL", true);
            case SS -> value.ss().forEach(typed.putArray("SS")::add);
            case NS -> value.ns().forEach(typed.putArray("NS")::add);
            case L -> {
                ArrayNode list = typed.putArray("L");
                value.l().forEach(element -> list.add(json(element)));
            }
            case M -> typed.set("M", image(value.m()));
            default -> throw new IllegalArgumentException("no test needs " + value.type());
        }
        return typed;
    }
}
