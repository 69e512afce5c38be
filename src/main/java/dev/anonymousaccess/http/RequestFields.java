package dev.anonymousaccess.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anonymousaccess.error.OAuthException;

/**
 * The named fields of a request body: a JSON object, or, where a endpoint accepts it, an
 * {@code application/x-www-form-urlencoded} form (RFC 6749 §6, RFC 7009 §2.1). Unknown fields are ignored.
 */
public final class RequestFields {

    private static final ObjectMapper JSON = JsonMapper.INSTANCE;
    static final int MAX_BODY_LENGTH = 16 * 1024;

    private final Map<String, JsonNode> fields;

    private RequestFields(Map<String, JsonNode> fields) {
        this.fields = fields;
    }

    /** The fields of a JSON object that is already parsed (a direct invocation's payload). */
    public static RequestFields of(JsonNode object) {
        if (object == null || !object.isObject()) {
            throw OAuthException.invalidRequest("the request must be a JSON object");
        }
        Map<String, JsonNode> fields = new HashMap<>();
        object.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        return new RequestFields(fields);
    }

    /** A JSON object body. */
    public static RequestFields json(HttpRequest request) {
        String body = requireBody(request);
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw OAuthException.invalidRequest(e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? "the body repeats a field"
                    : "the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw OAuthException.invalidRequest("the body must be a JSON object");
        }
        return of(node);
    }

    /** A form body when the Content-Type says so, otherwise a JSON object body. */
    public static RequestFields jsonOrForm(HttpRequest request) {
        if (!"application/x-www-form-urlencoded".equals(request.mediaType())) {
            return json(request);
        }
        String body = requireBody(request);
        Map<String, JsonNode> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodeFormPart(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeFormPart(pair.substring(eq + 1));
            if (fields.putIfAbsent(name, JSON.getNodeFactory().textNode(value)) != null) {
                // RFC 6749 §3.1: request parameters must not be included more than once.
                throw OAuthException.invalidRequest("parameter " + name + " is repeated");
            }
        }
        return new RequestFields(fields);
    }

    /**
     * The text of a required string field.
     *
     * @throws OAuthException {@code invalid_request} when the field is missing, not a string or blank
     */
    public String requiredString(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw OAuthException.invalidRequest(name + " is required");
        }
        if (value.isBlank()) {
            throw OAuthException.invalidRequest(name + " must not be blank");
        }
        return value;
    }

    /** The text of an optional string field, or null. */
    public String optionalString(String name) {
        return optional(name, JsonNode::isTextual, "a string", JsonNode::asText);
    }

    /** The names of all fields present. */
    public Set<String> names() {
        return Set.copyOf(fields.keySet());
    }

    /** An optional boolean field, or null. */
    public Boolean optionalBoolean(String name) {
        return optional(name, JsonNode::isBoolean, "true or false", JsonNode::asBoolean);
    }

    /** An optional whole number, or null. */
    public Integer optionalInteger(String name) {
        return optional(name, JsonNode::isInt, "a whole number", JsonNode::asInt);
    }

    /** The fields of an optional nested object, or null. */
    public RequestFields optionalObject(String name) {
        return optional(name, JsonNode::isObject, "an object", RequestFields::of);
    }

    /** An optional array of strings, or null. */
    public List<String> optionalStrings(String name) {
        return optional(name, value -> value.isArray() && StreamSupport.stream(value.spliterator(), false)
                .allMatch(JsonNode::isTextual), "an array of strings",
                value -> StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText).toList());
    }

    /** An absent or null field is null; one of the wrong type is {@code invalid_request}, naming what it must be. */
    private <T> T optional(String name, Predicate<JsonNode> wellTyped, String mustBe, Function<JsonNode, T> read) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!wellTyped.test(value)) {
            throw OAuthException.invalidRequest(name + " must be " + mustBe);
        }
        return read.apply(value);
    }

    private static String requireBody(HttpRequest request) {
        String body = request.body().orElseThrow(() -> OAuthException.invalidRequest("the request body is missing"));
        if (body.isBlank()) {
            throw OAuthException.invalidRequest("the request body is missing");
        }
        if (body.length() > MAX_BODY_LENGTH) {
            throw OAuthException.invalidRequest("the request body is larger than " + MAX_BODY_LENGTH + " characters");
        }
        return body;
    }

    static String decodeFormPart(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("the form body is not valid application/x-www-form-urlencoded");
        }
    }
}
