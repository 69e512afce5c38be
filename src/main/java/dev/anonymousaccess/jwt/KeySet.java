package dev.anonymousaccess.jwt;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The service's signing keys, as one stored value, at one {@code version} (every change is conditioned on it).
 */
public record KeySet(List<SigningKey> keys, long version) {

    /** No key yet: what a new deployment starts with. */
    public static final KeySet EMPTY = new KeySet(List.of(), 0);

    public KeySet {
        keys = List.copyOf(keys);
    }

    /** The key that signs at {@code now}: of those whose time has come, the latest. */
    public Optional<SigningKey> signerAt(Instant now) {
        return keys.stream().filter(key -> key.signsAt(now)).max(Comparator.comparing(SigningKey::signsFrom));
    }

    /** The keys published at {@code now}: what the key set endpoint shows, and what verifies. */
    public List<SigningKey> publishedAt(Instant now) {
        return keys.stream().filter(key -> key.publishedAt(now)).toList();
    }

    /** The published key {@code kid}, if it is one at {@code now}. */
    public Optional<SigningKey> published(String kid, Instant now) {
        return keys.stream().filter(key -> key.kid().equals(kid) && key.publishedAt(now)).findFirst();
    }

    /** A key published already that will sign later: a rotation under way. */
    public Optional<SigningKey> pendingAt(Instant now) {
        return keys.stream().filter(key -> now.isBefore(key.signsFrom())).findFirst();
    }
}
