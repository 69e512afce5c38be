package dev.anonymousaccess.client;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.anonymousaccess.error.OAuthException;

/**
 * {@link ClientSettings} as JSON, one form for every place it appears: an operator's {@code putClient}, the stored
 * attribute, and {@code getClient}. Durations are ISO-8601 ({@code P30D}, {@code PT15M}; a JSON number is read as
 * seconds), instants ISO-8601 in UTC. Reading is strict: an unknown field, a value of the wrong type or out of its
 * range is an {@code invalid_request} that names the field and says what it must be.
 */
public final class ClientSettingsJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule().addSerializer(Duration.class, new IsoDuration()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private ClientSettingsJson() {
    }

    /**
     * An operator's settings: the fields of {@code object} (a JSON object), checked and validated.
     *
     * @throws OAuthException {@code invalid_request}, naming the field and what it must be
     */
    public static ClientSettings read(JsonNode object) {
        try {
            return MAPPER.treeToValue(object, ClientSettings.class).validated();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw OAuthException.invalidRequest(describe(e));
        }
    }

    /** As stored: the settings' JSON text, without the unset ones. */
    public static String write(ClientSettings settings) {
        try {
            return MAPPER.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings are plain values", e);
        }
    }

    /**
     * Stored settings read back, not validated again (they were when written).
     *
     * @throws IllegalArgumentException when the text is not settings (a damaged item)
     */
    public static ClientSettings readStored(String json) {
        try {
            return MAPPER.readValue(json, ClientSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not client settings", e);
        }
    }

    /** The settings as a JSON object, for an operator. */
    public static ObjectNode toJson(ClientSettings settings) {
        return MAPPER.valueToTree(settings);
    }

    private static String describe(Exception e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + path(unknown, unknown.getPropertyName()) + "'";
        }
        if (e instanceof ValueInstantiationException failed && failed.getCause() instanceof OAuthException refusal) {
            return refusal.getMessage();
        }
        if (e instanceof MismatchedInputException mismatched) {
            Class<?> type = mismatched instanceof InvalidFormatException format ? format.getTargetType()
                    : mismatched.getTargetType();
            return path(mismatched, null) + " must be " + expected(type);
        }
        if (e instanceof OAuthException refusal) {
            return refusal.getMessage();
        }
        return "the settings are not valid";
    }

    private static String path(JsonMappingException e, String last) {
        String path = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        if (last != null && !path.endsWith(last)) {
            return path.isEmpty() ? last : path + "." + last;
        }
        return path.isEmpty() ? "a field" : path;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration such as P30D or PT15M, or a number of seconds";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant such as 2027-01-01T00:00:00Z";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array of strings";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == java.net.URI.class) {
            return "an https URL";
        }
        return "an object";
    }

    /** Two days and more, in whole days, as {@code P30D}; everything else as {@link Duration#toString()} ({@code PT24H}). */
    private static final class IsoDuration extends StdSerializer<Duration> {

        IsoDuration() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            boolean wholeDays = value.toDays() >= 2 && value.toSeconds() % 86_400 == 0 && value.getNano() == 0;
            generator.writeString(wholeDays ? "P" + value.toDays() + "D" : value.toString());
        }
    }
}
