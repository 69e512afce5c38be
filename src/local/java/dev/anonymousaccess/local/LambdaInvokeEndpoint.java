package dev.anonymousaccess.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke API for the local functions ({@code POST /2015-03-31/functions/<name>/invocations}), as
 * {@code sam local start-lambda} offers it: {@code aws lambda invoke --endpoint-url} and {@code ./run-local.sh admin}
 * reach a function that, as in AWS, is no route of the HTTP API. A function is named by its template resource
 * ({@code AdminFunction}) or its export ({@code admin}).
 */
final class LambdaInvokeEndpoint implements AutoCloseable {

    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    /** The local stand-in for DynamoDB's TTL ({@code ./run-local.sh expire <userId>}): no such API exists in AWS. */
    private static final Pattern EXPIRE = Pattern.compile("/local/expire/([0-9a-f-]{1,64})");

    private final LocalServer server;

    /** @param expire deletes an anonymous user as TTL would; false when there is none */
    LambdaInvokeEndpoint(int port, Map<String, ? extends LambdaFunction> functions, SamTemplate template,
            Predicate<String> expire) throws IOException {
        server = new LocalServer(port, exchange -> {
            Matcher invoke = INVOKE.matcher(exchange.getRequestURI().getPath());
            Map<String, List<String>> json = Map.of("Content-Type", List.of("application/json"));
            Matcher expiry = EXPIRE.matcher(exchange.getRequestURI().getPath());
            if ("POST".equals(exchange.getRequestMethod()) && expiry.matches()) {
                boolean expired = expire.test(expiry.group(1));
                LocalServer.send(exchange, expired ? 200 : 404, json, ("{\"expired\":" + expired + "}")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !invoke.matches()) {
                LocalServer.send(exchange, 404, json, "{\"message\":\"not a Lambda Invoke request\"}".getBytes());
                return;
            }
            String name = invoke.group(1);
            String resource = functions.containsKey(name) ? name : template.functionExporting(name).orElse(null);
            if (resource == null) {
                LocalServer.send(exchange, 404, Map.of("Content-Type", List.of("application/json"),
                        "X-Amzn-ErrorType", List.of("ResourceNotFoundException")),
                        ("{\"Type\":\"User\",\"message\":\"Function not found: " + name.replaceAll("[^A-Za-z0-9_-]", "")
                                + "\"}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] payload = LocalServer.body(exchange);
            LambdaFunction.Invocation invocation = functions.get(resource)
                    .invoke(payload.length == 0 ? "{}" : new String(payload, StandardCharsets.UTF_8));
            Map<String, List<String>> headers = invocation.ok() ? json
                    : Map.of("Content-Type", List.of("application/json"), "X-Amz-Function-Error", List.of("Unhandled"));
            LocalServer.send(exchange, 200, headers, invocation.payload().getBytes(StandardCharsets.UTF_8));
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
