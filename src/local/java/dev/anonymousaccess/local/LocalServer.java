package dev.anonymousaccess.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * One loopback HTTP server of the local deployment (the API, the demo site, the Lambda invoke endpoint), on the JDK's
 * own server: nothing to install, and nothing of it reaches the Lambda artifact.
 */
final class LocalServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "local-http");
        thread.setDaemon(true);
        return thread;
    });

    /** @param port 0 for a free one */
    LocalServer(int port, HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                handler.handle(exchange);
            } catch (RuntimeException e) {
                // A bug here must not hang the caller: answer as API Gateway would, and say why on the console.
                System.err.println("local server: " + e);
                send(exchange, 500, Map.of("Content-Type", List.of("application/json")),
                        "{\"message\":\"Internal Server Error\"}".getBytes());
            }
        });
        server.setExecutor(executor); // browsers send concurrent requests; each waits for its function on its own
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    static void send(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        headers.forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        boolean empty = body.length == 0 || status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
