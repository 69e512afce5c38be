package dev.anonymousaccess.local;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The local HTTP API over real HTTP: each request goes through {@link HttpApi} as API Gateway would take it, and
 * leaves one access-log line ({@code GET /me 200 12 ms}; never a header or a body, which may hold tokens).
 */
final class ApiServer implements AutoCloseable {

    private final LocalServer server;

    ApiServer(int port, HttpApi api) throws IOException {
        this(port, api, line -> {
        });
    }

    ApiServer(int port, HttpApi api, Consumer<String> accessLog) throws IOException {
        server = new LocalServer(port, exchange -> {
            long started = System.nanoTime();
            Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
            HttpApi.Answer answer = api.handle(new HttpApi.Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers,
                    LocalServer.body(exchange), exchange.getRemoteAddress().getAddress().getHostAddress()));
            LocalServer.send(exchange, answer.status(), answer.headers(), answer.body());
            accessLog.accept(String.format("%s %s %d %d ms", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), answer.status(), (System.nanoTime() - started) / 1_000_000));
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
