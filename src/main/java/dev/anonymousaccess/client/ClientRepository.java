package dev.anonymousaccess.client;

import java.util.List;
import java.util.Optional;

/**
 * Where client apps and the origin index are kept. The DynamoDB implementation is production's; an in-memory one with
 * the same conditions serves fast tests, and a contract test holds the two together.
 *
 * @throws dev.anonymousaccess.error.StoreUnavailableException from every method when the store fails
 */
public interface ClientRepository {

    /** The client app (strongly consistent); empty when there is none or its record is damaged. */
    Optional<ClientApp> find(String clientId);

    /**
     * Writes {@code app} (version {@code previous.version + 1}, or 1 when new) and the origin index together, if no one
     * changed the client app since {@code previous} was read. Only enabled apps are in the index. Idempotent: when an
     * earlier attempt of this very write landed, that is success.
     *
     * @return false when the client app changed concurrently; nothing was written
     */
    boolean save(ClientApp app, Optional<ClientApp> previous);

    /** True when one of {@code patterns} (canonical allowed origins) belongs to at least one enabled client app. */
    boolean anyClientAllowsOneOf(List<String> patterns);
}
