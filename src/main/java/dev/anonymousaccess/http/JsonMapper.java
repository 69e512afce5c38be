package dev.anonymousaccess.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one mapper for request and response bodies, built once per instance. Strict where leniency would make a
 * request ambiguous: a repeated field or content after the JSON value is a bad request, not a guess.
 */
final class JsonMapper {

    static final ObjectMapper INSTANCE = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonMapper() {
    }
}
