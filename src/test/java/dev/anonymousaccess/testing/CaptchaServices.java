package dev.anonymousaccess.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The bot check's outside world on loopback, for the function tests: a {@code siteverify} endpoint answering as
 * Turnstile, hCaptcha and reCAPTCHA document it, and the AWS Parameters and Secrets Lambda Extension's
 * {@code GetParameter}, served from moto_server's SSM (the suite's own server, see {@link MotoServer}).
 * <p>
 * Tokens: {@code good:<hostname>} succeeds for that hostname when the right secret is sent, {@code slow:...} answers
 * after the configured timeout, anything else fails with {@code invalid-input-response}.
 */
public class CaptchaServices implements QuarkusTestResourceLifecycleManager {

    /** The secret the tests store in SSM and the fake provider expects. */
    public static final String SECRET = "0x4AAAAAAA-test-secret-1b2c3d";
    static final long SLOW_MILLIS = 2500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SECRETS_RECEIVED = new CopyOnWriteArrayList<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/siteverify", CaptchaServices::siteVerify);
        server.createContext("/systemsmanager/parameters/get", CaptchaServices::getParameter);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("anonymous-access.captcha.turnstile-url", base + "/siteverify/turnstile",
                "anonymous-access.captcha.hcaptcha-url", base + "/siteverify/hcaptcha",
                "anonymous-access.captcha.recaptcha-url", base + "/siteverify/recaptcha",
                "anonymous-access.captcha.parameters-endpoint", base,
                "anonymous-access.captcha.timeout", "1s");
    }

    @Override
    public void stop() {
        server.stop(0);
    }

    /** The secrets the fake provider was sent, newest last. */
    public static List<String> secretsReceived() {
        return List.copyOf(SECRETS_RECEIVED);
    }

    /** Stores a {@code SecureString} in moto_server's SSM, as an operator would with {@code aws ssm put-parameter}. */
    public static void putSecureString(String name, String value) {
        ssm("PutParameter", Map.of("Name", name, "Value", value, "Type", "SecureString", "Overwrite", true));
    }

    private static HttpResponse<String> ssm(String action, Map<String, Object> body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(MotoServer.directEndpoint()))
                    .header("X-Amz-Target", "AmazonSSM." + action).header("Content-Type", "application/x-amz-json-1.1")
                    // moto routes by the credential scope; it checks no signature.
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ssm/aws4_request,"
                            + " SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void siteVerify(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = new HashMap<>();
            try (InputStream in = exchange.getRequestBody()) {
                for (String pair : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                    int eq = pair.indexOf('=');
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            SECRETS_RECEIVED.add(form.get("secret"));
            String token = form.getOrDefault("response", "");
            if (token.startsWith("slow:")) {
                sleep();
            }
            boolean good = token.startsWith("good:") && SECRET.equals(form.get("secret"));
            Map<String, Object> answer = good
                    ? Map.of("success", true, "hostname", token.substring(5), "challenge_ts", "2026-01-01T00:00:00Z")
                    : Map.of("success", false, "error-codes", List.of("invalid-input-response"));
            reply(exchange, 200, JSON.writeValueAsString(answer));
        }
    }

    private static void getParameter(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String name = null;
            for (String pair : query.split("&")) {
                if (pair.startsWith("name=")) {
                    name = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                }
            }
            HttpResponse<String> found = ssm("GetParameter", Map.of("Name", name, "WithDecryption", true));
            reply(exchange, found.statusCode() == 200 ? 200 : 400, found.body());
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(SLOW_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
