package dev.anonymousaccess.jwt;

/**
 * Where the key set is kept: one record, changed only on the condition that it is still at the version read.
 *
 * @throws dev.anonymousaccess.error.StoreUnavailableException from every method when the store fails
 */
public interface SigningKeyRepository {

    /** The key set as stored (strongly consistent); {@link KeySet#EMPTY} when there is none yet. */
    KeySet read();

    /**
     * Writes {@code next} if the stored set is still at {@code expectedVersion}. Idempotent: when an earlier attempt of
     * this very write landed, that is success.
     *
     * @return false when the set changed since it was read; nothing was written
     */
    boolean save(KeySet next, long expectedVersion);
}
