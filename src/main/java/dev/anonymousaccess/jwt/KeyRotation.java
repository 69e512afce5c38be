package dev.anonymousaccess.jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schedule of the key set, as a rule without I/O. A new key is published {@code publicationLead} before it signs:
 * at least as long as the longest cache of the key set in front of the verifiers, so that none meets a token signed
 * by a key it has not seen. The key it replaces stays published until every token it signed has expired (the longest
 * access-token lifetime an app may choose, plus {@code clockSkew}), then leaves the set.
 *
 * @param publicationLead how long a new key is published before it signs
 * @param longestTokenLifetime the longest access-token lifetime any client app may set
 * @param clockSkew what a verifier's clock may be behind
 */
public record KeyRotation(Duration publicationLead, Duration longestTokenLifetime, Duration clockSkew) {

    /**
     * The key set after a rotation at {@code now} with {@code generated} as the next key: it signs from
     * {@code now + publicationLead} on, or from {@code now} when {@code immediately} (only for a set without keys: no
     * verifier can hold the set yet, so none can miss the key), and the keys that expired are dropped.
     *
     * @return empty when a rotation is under way already (a key is published that does not sign yet): rotating again
     *         changes nothing, so a retried or scheduled rotation is harmless
     * @throws IllegalArgumentException when {@code immediately} is asked for a set that has keys
     */
    public Optional<KeySet> rotated(KeySet current, SigningKey generated, Instant now, boolean immediately) {
        if (current.pendingAt(now).isPresent()) {
            return Optional.empty();
        }
        boolean empty = current.keys().stream().noneMatch(key -> key.publishedAt(now));
        if (immediately && !empty) {
            throw new IllegalArgumentException("only a key set without keys takes a key that signs at once");
        }
        Instant signsFrom = immediately ? now : now.plus(publicationLead);
        Instant oldPublishedUntil = signsFrom.plus(longestTokenLifetime).plus(clockSkew);
        List<SigningKey> next = new ArrayList<>();
        for (SigningKey key : current.keys()) {
            if (!key.publishedAt(now) && !now.isBefore(key.createdAt())) {
                continue; // every token it signed has expired
            }
            next.add(key.signsUntil() == null ? key.retiredAt(signsFrom, oldPublishedUntil) : key);
        }
        next.add(new SigningKey(generated.kid(), generated.algorithm(), generated.publicJwk(),
                generated.encryptedPrivateKey(), now, signsFrom, null, null));
        return Optional.of(new KeySet(next, current.version() + 1));
    }
}
