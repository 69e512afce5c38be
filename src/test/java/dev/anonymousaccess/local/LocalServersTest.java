package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local deployment's other servers: Lambda's Invoke API (what {@code ./run-local.sh admin} calls) and the site. */
class LocalServersTest {

    @Test
    void aFunctionSeesOnlyItsTemplatesVariablesAndWhatLambdaSets() {
        Map<String, String> environment = LambdaProcess.processEnvironment("CreateFunction",
                Map.of("QUARKUS_FUNQY_EXPORT", "create"), Path.of("task"), 9001);

        assertEquals("create", environment.get("QUARKUS_FUNQY_EXPORT"));
        assertEquals("127.0.0.1:9001" + io.quarkus.amazon.lambda.runtime.MockEventServer.BASE_PATH,
                environment.get("AWS_LAMBDA_RUNTIME_API"));
        for (String variable : System.getenv().keySet()) {
            if (!List.of("PATH", "LANG", "TZ").contains(variable)) {
                assertTrue(!environment.containsKey(variable) || variable.startsWith("AWS_LAMBDA"),
                        variable + " of this shell would reach the function");
            }
        }
        assertTrue(environment.keySet().stream().allMatch(name -> name.equals("QUARKUS_FUNQY_EXPORT")
                || name.startsWith("AWS_LAMBDA_") || name.equals("LAMBDA_TASK_ROOT") || name.equals("_HANDLER")
                || List.of("PATH", "LANG", "TZ").contains(name)), environment.keySet().toString());
    }

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(int port, String rawPath) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An admin function that answers {@code ok} or fails, and remembers what it was sent. */
    static final class Admin implements LambdaFunction {
        final List<String> events = new ArrayList<>();

        @Override
        public Invocation invoke(String event) {
            events.add(event);
            return event.contains("bogus") ? new Invocation(false, "{\"errorMessage\":\"unknown action\"}")
                    : new Invocation(true, "{\"ok\":true}");
        }
    }

    LambdaInvokeEndpoint invokeEndpoint(Admin admin) throws Exception {
        SamTemplate template = SamTemplate.read(Path.of("template.yaml"), Map.of());
        return new LambdaInvokeEndpoint(0, Map.of("AdminFunction", admin), template, userId -> false);
    }

    @Test
    void aFunctionIsInvokedByItsTemplateName() throws Exception {
        Admin admin = new Admin();
        try (LambdaInvokeEndpoint endpoint = invokeEndpoint(admin)) {
            HttpResponse<String> answer = post(endpoint.port(), "/2015-03-31/functions/AdminFunction/invocations",
                    "{\"action\":\"getClient\"}");

            assertEquals(200, answer.statusCode());
            assertEquals("{\"ok\":true}", answer.body());
            assertTrue(answer.headers().firstValue("X-Amz-Function-Error").isEmpty());
            assertEquals(List.of("{\"action\":\"getClient\"}"), admin.events);
        }
    }

    @Test
    void aFunctionIsInvokedByItsExportName() throws Exception {
        Admin admin = new Admin();
        try (LambdaInvokeEndpoint endpoint = invokeEndpoint(admin)) {
            assertEquals("{\"ok\":true}", post(endpoint.port(), "/2015-03-31/functions/admin/invocations", "{}").body());
        }
    }

    @Test
    void aFailedInvocationIsA200WithTheFunctionErrorHeaderAsLambdaAnswers() throws Exception {
        try (LambdaInvokeEndpoint endpoint = invokeEndpoint(new Admin())) {
            HttpResponse<String> answer = post(endpoint.port(), "/2015-03-31/functions/AdminFunction/invocations",
                    "{\"action\":\"bogus\"}");

            assertEquals(200, answer.statusCode());
            assertEquals("Unhandled", answer.headers().firstValue("X-Amz-Function-Error").orElseThrow());
            assertEquals("{\"errorMessage\":\"unknown action\"}", answer.body());
        }
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() throws Exception {
        try (LambdaInvokeEndpoint endpoint = invokeEndpoint(new Admin())) {
            HttpResponse<String> answer = post(endpoint.port(), "/2015-03-31/functions/Nope/invocations", "{}");

            assertEquals(404, answer.statusCode());
            assertEquals("ResourceNotFoundException", answer.headers().firstValue("X-Amzn-ErrorType").orElseThrow());
        }
    }

    @Test
    void theSiteServesItsFilesWithTheirTypes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
        Files.writeString(dir.resolve("app.js"), "let a = 1;");
        try (StaticSite site = new StaticSite(0, dir)) {
            HttpResponse<String> index = get(site.port(), "/?api=http://localhost:1");
            assertEquals("<p>hi</p>", index.body());
            assertTrue(index.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertTrue(get(site.port(), "/app.js").headers().firstValue("Content-Type").orElseThrow()
                    .startsWith("text/javascript"));
        }
    }

    @Test
    void theSiteServesNothingOutsideItsDirectory(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("site"));
        Files.writeString(root.resolve("index.html"), "<p>hi</p>");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        try (StaticSite site = new StaticSite(0, root)) {
            assertEquals(404, get(site.port(), "/%2e%2e/secret.txt").statusCode());
            assertEquals(404, get(site.port(), "/nothing.html").statusCode());
        }
    }
}
