package dev.anonymousaccess.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper.Builder;

/**
 * The one mapper for request and response bodies, built once per instance. Strict where leniency would make a
 * request ambiguous: a repeated field or content after the JSON value is a bad request, not a guess.
 */
final class JsonMapper {

    static final ObjectMapper INSTANCE = strict(com.fasterxml.jackson.databind.json.JsonMapper.builder());

    private JsonMapper() {
    }

    private static ObjectMapper strict(Builder builder) {
        return builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }
}
