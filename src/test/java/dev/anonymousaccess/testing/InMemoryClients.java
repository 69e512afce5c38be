package dev.anonymousaccess.testing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientRepository;

/**
 * Client apps and the origin index in memory, with DynamoDB's conditions (version, not-exists) and the rule that only
 * enabled apps are indexed. {@code RepositoryContract} runs the same cases against this and DynamoDB.
 */
public final class InMemoryClients implements ClientRepository {

    private final Map<String, ClientApp> clients = new HashMap<>();
    private final Map<String, Set<String>> originIndex = new HashMap<>();

    @Override
    public synchronized Optional<ClientApp> find(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    @Override
    public synchronized boolean save(ClientApp app, Optional<ClientApp> previous) {
        ClientApp current = clients.get(app.clientId());
        boolean unchanged = previous.isPresent() ? current != null && current.version() == previous.get().version()
                : current == null;
        if (!unchanged) {
            return app.equals(current);
        }
        previous.map(InMemoryClients::indexed).orElse(List.of())
                .forEach(origin -> originIndex.getOrDefault(origin, new HashSet<>()).remove(app.clientId()));
        indexed(app).forEach(origin -> originIndex.computeIfAbsent(origin, o -> new HashSet<>()).add(app.clientId()));
        clients.put(app.clientId(), app);
        return true;
    }

    @Override
    public synchronized boolean anyClientAllowsOneOf(List<String> patterns) {
        return patterns.stream().anyMatch(pattern -> !originIndex.getOrDefault(pattern, Set.of()).isEmpty());
    }

    private static List<String> indexed(ClientApp app) {
        return app.enabled() && app.settings().allowedOrigins() != null ? app.settings().allowedOrigins() : List.of();
    }
}
