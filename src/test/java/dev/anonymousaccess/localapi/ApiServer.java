package dev.anonymousaccess.localapi;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The local HTTP API over real HTTP: each request goes through {@link HttpApi} as API Gateway would take it. */
final class ApiServer implements AutoCloseable {

    private final LocalServer server;

    ApiServer(int port, HttpApi api) throws IOException {
        server = new LocalServer(port, exchange -> {
            Map<String, List<String>> headers = new LinkedHashMap<>(exchange.getRequestHeaders());
            HttpApi.Answer answer = api.handle(new HttpApi.Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers,
                    LocalServer.body(exchange), exchange.getRemoteAddress().getAddress().getHostAddress()));
            LocalServer.send(exchange, answer.status(), answer.headers(), answer.body());
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
