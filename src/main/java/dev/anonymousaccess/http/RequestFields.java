package dev.anonymousaccess.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    /** A JSON object body. */
    public static RequestFields json(HttpRequest request) {
        String body = requireBody(request);
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? "the body repeats a field"
                    : "the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object");
        }
        Map<String, JsonNode> fields = new HashMap<>();
        node.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        return new RequestFields(fields);
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
                throw new InvalidRequestException("parameter " + name + " is repeated");
            }
        }
        return new RequestFields(fields);
    }

    /**
     * The text of a required string field.
     *
     * @throws InvalidRequestException when the field is missing, not a string or blank
     */
    public String requiredString(String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidRequestException(name + " is required");
        }
        if (!value.isTextual()) {
            throw new InvalidRequestException(name + " must be a string");
        }
        if (value.asText().isBlank()) {
            throw new InvalidRequestException(name + " must not be blank");
        }
        return value.asText();
    }

    /** The text of an optional string field, or null. */
    public String optionalString(String name) {
        JsonNode value = fields.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRequestException(name + " must be a string");
        }
        return value.asText();
    }

    private static String requireBody(HttpRequest request) {
        String body = request.body().orElseThrow(() -> new InvalidRequestException("the request body is missing"));
        if (body.isBlank()) {
            throw new InvalidRequestException("the request body is missing");
        }
        if (body.length() > MAX_BODY_LENGTH) {
            throw new InvalidRequestException("the request body is larger than " + MAX_BODY_LENGTH + " characters");
        }
        return body;
    }

    private static String decodeFormPart(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("the form body is not valid application/x-www-form-urlencoded");
        }
    }
}
