package dev.anonymousaccess.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Serves directories of plain files as a browser origin of its own: the demo web app at {@code /}, and the client
 * library it imports at {@code /lib/} (served from {@code clients/js/src}, never copied).
 */
final class StaticSite implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "ico", "image/x-icon");

    private final LocalServer server;

    StaticSite(int port, Path root) throws IOException {
        this(port, Map.of("/", root));
    }

    /** @param mounts URL path prefixes (each ending in {@code /}) and the directories they serve */
    StaticSite(int port, Map<String, Path> mounts) throws IOException {
        List<Map.Entry<String, Path>> longestFirst = mounts.entrySet().stream()
                .map(m -> Map.entry(m.getKey(), m.getValue().toAbsolutePath().normalize()))
                .sorted((a, b) -> b.getKey().length() - a.getKey().length()).toList();
        server = new LocalServer(port, exchange -> {
            String path = exchange.getRequestURI().getPath();
            Map.Entry<String, Path> mount = longestFirst.stream().filter(m -> path.startsWith(m.getKey())).findFirst()
                    .orElse(longestFirst.get(longestFirst.size() - 1));
            Path base = mount.getValue();
            String relative = path.startsWith(mount.getKey()) ? path.substring(mount.getKey().length()) : path;
            Path file = base.resolve(relative.isEmpty() || relative.endsWith("/") ? relative + "index.html" : relative)
                    .normalize();
            if (!List.of("GET", "HEAD").contains(exchange.getRequestMethod())) {
                LocalServer.send(exchange, 405, Map.of("Allow", List.of("GET, HEAD")), new byte[0]);
            } else if (!file.startsWith(base) || !Files.isRegularFile(file)) {
                LocalServer.send(exchange, 404, Map.of("Content-Type", List.of("text/plain")),
                        "not found".getBytes(StandardCharsets.UTF_8));
            } else {
                String name = file.getFileName().toString();
                String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
                LocalServer.send(exchange, 200, Map.of("Content-Type", List.of(type),
                        "Cache-Control", List.of("no-cache")), Files.readAllBytes(file));
            }
        });
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
