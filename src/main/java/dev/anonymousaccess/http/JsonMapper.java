package dev.anonymousaccess.http;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one mapper for request and response bodies, built once per instance. */
final class JsonMapper {

    static final ObjectMapper INSTANCE = new ObjectMapper();

    private JsonMapper() {
    }
}
