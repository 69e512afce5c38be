package dev.anonymousaccess.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Serves a directory of plain files (the demo web app) as a browser origin of its own. */
final class StaticSite implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "ico", "image/x-icon");

    private final LocalServer server;

    StaticSite(int port, Path root) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        server = new LocalServer(port, exchange -> {
            String path = exchange.getRequestURI().getPath();
            Path file = base.resolve(path.endsWith("/") ? path.substring(1) + "index.html" : path.substring(1))
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
