package dev.anonymousaccess.jwt;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One key of the service's key set: its public half as a JWK (published), its private half only encrypted under the
 * deployment's KMS key, and its schedule. A key is published from {@code createdAt}, signs from {@code signsFrom}
 * until {@code signsUntil} (while no later key signs), and stays published until {@code publishedUntil}, when every
 * token it signed has expired.
 *
 * @param signsUntil null while no later key is scheduled
 * @param publishedUntil null while the key signs or may sign
 */
public record SigningKey(String kid, SigningAlgorithm algorithm, String publicJwk, byte[] encryptedPrivateKey,
        Instant createdAt, Instant signsFrom, Instant signsUntil, Instant publishedUntil) {

    public SigningKey {
        encryptedPrivateKey = encryptedPrivateKey.clone();
    }

    @Override
    public byte[] encryptedPrivateKey() {
        return encryptedPrivateKey.clone();
    }

    /** Whether it signs at {@code now}. */
    boolean signsAt(Instant now) {
        return !now.isBefore(signsFrom) && (signsUntil == null || now.isBefore(signsUntil));
    }

    /** Whether it is published at {@code now}. */
    boolean publishedAt(Instant now) {
        return !now.isBefore(createdAt) && (publishedUntil == null || now.isBefore(publishedUntil));
    }

    /** This key, told that the key after it signs from {@code until} on, published for {@code afterwards} more. */
    SigningKey retiredAt(Instant until, Instant publishedUntilThen) {
        return new SigningKey(kid, algorithm, publicJwk, encryptedPrivateKey, createdAt, signsFrom, until,
                publishedUntilThen);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SigningKey key && kid.equals(key.kid) && algorithm == key.algorithm
                && publicJwk.equals(key.publicJwk) && Arrays.equals(encryptedPrivateKey, key.encryptedPrivateKey)
                && createdAt.equals(key.createdAt) && signsFrom.equals(key.signsFrom)
                && Objects.equals(signsUntil, key.signsUntil)
                && Objects.equals(publishedUntil, key.publishedUntil);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    /** Never prints key material, not even encrypted. */
    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", " + algorithm + ", signsFrom=" + signsFrom + ", signsUntil=" + signsUntil
                + ", publishedUntil=" + publishedUntil + "]";
    }
}
