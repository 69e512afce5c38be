package dev.anonymousaccess.client;

import java.util.List;

/** A client app's rule for browser requests: the request's origin must be admitted by one allowed origin. */
public record OriginPolicy(List<AllowedOrigin> allowedOrigins) {

    public static OriginPolicy of(List<String> canonicalOrigins) {
        return new OriginPolicy(canonicalOrigins.stream().map(AllowedOrigin::parse).toList());
    }

    public boolean admits(RequestOrigin origin) {
        return allowedOrigins.stream().anyMatch(allowed -> allowed.admits(origin));
    }
}
