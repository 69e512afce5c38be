package dev.anonymousaccess.http;

import java.util.Map;
import java.util.Optional;

/** Header lookup by name, case-insensitive: HTTP API lower-cases names, REST APIs and hand-written events may not. */
public final class Headers {

    private Headers() {
    }

    public static Optional<String> get(Map<String, String> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && header.getValue() != null) {
                return Optional.of(header.getValue());
            }
        }
        return Optional.empty();
    }
}
