package dev.anonymousaccess.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.lifecycle.Change;
import dev.anonymousaccess.lifecycle.ItemState;
import dev.anonymousaccess.lifecycle.StreamBatch;
import dev.anonymousaccess.lifecycle.UnreadableChangeException;
import dev.anonymousaccess.user.Session;
import dev.anonymousaccess.user.UserRepository;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a record of the table's DynamoDB stream, as Lambda delivers it (NEW_AND_OLD_IMAGES), as a change of one item:
 * the item layouts are this package's, so it is here that a user item, a further session or a merge marker is told
 * from the rest. A deletion by TTL is told by the record's service identity ({@code userIdentity.type Service},
 * {@code principalId dynamodb.amazonaws.com}), as AWS documents it.
 */
@ApplicationScoped
public class StreamRecords implements StreamBatch.Reader<JsonNode> {

    static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    @Override
    public String sequenceNumberOf(JsonNode record) {
        return record.path("dynamodb").path("SequenceNumber").asText("");
    }

    @Override
    public Change apply(JsonNode record) {
        String eventId = text(record, "eventID");
        String eventName = text(record, "eventName");
        JsonNode stream = record.path("dynamodb");
        Instant at = createdAt(stream.path("ApproximateCreationDateTime"));
        Optional<ItemState> before = stream.has("OldImage") ? Optional.of(stateOf(image(stream.get("OldImage"))))
                : Optional.empty();
        Optional<ItemState> after = stream.has("NewImage") ? Optional.of(stateOf(image(stream.get("NewImage"))))
                : Optional.empty();
        boolean consistent = switch (eventName) {
            case "INSERT" -> before.isEmpty() && after.isPresent();
            case "MODIFY" -> before.isPresent() && after.isPresent();
            case "REMOVE" -> before.isPresent() && after.isEmpty();
            default -> false;
        };
        if (!consistent) {
            throw new UnreadableChangeException(eventName + " without the images it must have");
        }
        JsonNode identity = record.path("userIdentity");
        boolean byTtl = "Service".equals(identity.path("type").asText())
                && TTL_PRINCIPAL.equals(identity.path("principalId").asText());
        return new Change(eventId, sequenceNumberOf(record), at, before, after, byTtl);
    }

    /** Epoch seconds as Lambda delivers it, or ISO-8601 as the AWS CLI prints it (a record replayed by hand). */
    private static Instant createdAt(JsonNode created) {
        if (created.isNumber()) {
            return Instant.ofEpochMilli(Math.round(created.asDouble() * 1000));
        }
        try {
            return OffsetDateTime.parse(created.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new UnreadableChangeException("no ApproximateCreationDateTime");
        }
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || !value.isTextual()) {
            throw new UnreadableChangeException("no " + field);
        }
        return value.asText();
    }

    /** The item as the store's readers take it: DynamoDB's JSON form of each attribute. */
    static Map<String, AttributeValue> image(JsonNode image) {
        if (!image.isObject()) {
            throw new UnreadableChangeException("an image that is no object");
        }
        Map<String, AttributeValue> item = new HashMap<>();
        image.fields().forEachRemaining(attribute -> item.put(attribute.getKey(), value(attribute.getValue())));
        return item;
    }

    private static AttributeValue value(JsonNode typed) {
        if (!typed.isObject() || typed.size() != 1) {
            throw new UnreadableChangeException("an attribute without exactly one type");
        }
        var only = typed.fields().next();
        JsonNode value = only.getValue();
        return switch (only.getKey()) {
            case "S" -> AttributeValue.fromS(textOf(value));
            case "N" -> AttributeValue.fromN(textOf(value));
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(textOf(value))));
            case "BOOL" -> AttributeValue.fromBool(value.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(texts(value));
            case "NS" -> AttributeValue.fromNs(texts(value));
            case "BS" -> AttributeValue.fromBs(texts(value).stream()
                    .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList());
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                value.forEach(element -> list.add(value(element)));
                yield AttributeValue.fromL(list);
            }
            case "M" -> AttributeValue.fromM(image(value));
            default -> throw new UnreadableChangeException("an attribute of type " + only.getKey());
        };
    }

    private static String textOf(JsonNode value) {
        if (!value.isTextual()) {
            throw new UnreadableChangeException("a value that is no string");
        }
        return value.asText();
    }

    private static List<String> texts(JsonNode values) {
        if (!values.isArray()) {
            throw new UnreadableChangeException("a set that is no list");
        }
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(textOf(value)));
        return texts;
    }

    /** What the item is, by its {@code type}: a user's own item, a further session, a merge marker, or another's. */
    static ItemState stateOf(Map<String, AttributeValue> item) {
        AttributeValue type = item.get(TableSettings.TYPE);
        try {
            if (type != null && MergeMarkerItem.TYPE.equals(type.s())) {
                UserRepository.MergedUser merged = MergeMarkerItem.read(item);
                return ItemState.builder(ItemState.Kind.MERGED).userId(merged.userId()).clientId(merged.clientId())
                        .sessionId(merged.sessionId()).build();
            }
            if (!SessionItem.holdsASession(item)) {
                return ItemState.OTHER;
            }
            Session session = SessionItem.session(item);
            return ItemState.builder(session.onUsersOwnItem() ? ItemState.Kind.USER : ItemState.Kind.SESSION)
                    .userId(session.userId()).clientId(session.clientId()).sessionId(session.sessionId())
                    .subject(session.subject())
                    .revokedFor(session.revokedFor() == null ? null : session.revokedFor().code())
                    .mergedFrom(session.mergedFrom()).build();
        } catch (DamagedItemException e) {
            throw new UnreadableChangeException("a damaged " + (type == null ? "item" : type.s()) + " item: "
                    + e.getMessage());
        }
    }
}
