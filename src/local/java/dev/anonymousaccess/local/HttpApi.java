package dev.anonymousaccess.local;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * Plays API Gateway's part for the HTTP API of {@code template.yaml}: picks the route (method and path, path
 * parameters, {@code ANY}, greedy {@code {name+}}), calls the default Lambda authorizer first on guarded routes
 * (payload 2.0, the template's identity sources, simple or IAM-policy responses, results cached per identity for
 * {@code ReauthorizeEvery}) and hands its context to the route as {@code requestContext.authorizer.lambda}; turns the
 * request into a payload 2.0 event and the function's answer into the HTTP answer. API Gateway's own answers where it
 * gives them: 404 for no route, 429 when the stage's throttling of the route is used up, 401 without the identity or
 * on {@code Unauthorized}, 403 on a refusal, 500 when an invocation fails or answers something that is not a response.
 */
public final class HttpApi {

    public static final String ACCOUNT_ID = "123456789012";
    public static final String API_ID = "localapi";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter
            .ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** Content types whose bodies API Gateway passes as text; every other body arrives base64-encoded. */
    private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/xml",
            "application/javascript", "application/ecmascript");

    private final SamTemplate template;
    private final List<SamTemplate.Route> routes;
    private final Guard guard;
    private final Map<String, ? extends LambdaFunction> functions;
    private final RouteThrottling throttling;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Decision> authorizerCache = new ConcurrentHashMap<>();

    /**
     * What stands in front of a guarded route: lets the request through, with what it vouches for put into
     * {@code requestContext.authorizer}, or answers for API Gateway.
     */
    interface Guard {
        Optional<Answer> admit(ObjectNode event, SamTemplate.Route route);
    }

    /** An HTTP request as it reached the API. {@code headers} keep their names' case; {@code rawQuery} may be null. */
    public record Request(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body,
            String sourceIp) {
    }

    /** The API's answer. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * The authorizer's answer for one identity: allowed with its context ({@code refusal} empty), or API Gateway's
     * refusal; valid until {@code until}.
     */
    private record Decision(Optional<Answer> refusal, JsonNode context, Instant until) {
    }

    /** The template's main API, its guarded routes behind its Lambda authorizer. */
    public HttpApi(SamTemplate template, Map<String, ? extends LambdaFunction> functions, Clock clock) {
        this.template = template;
        this.routes = template.routes();
        this.functions = functions;
        this.clock = clock;
        this.guard = this::lambdaAuthorizer;
        this.throttling = new RouteThrottling(template.throttling(), clock);
    }

    private HttpApi(SamTemplate template, List<SamTemplate.Route> routes, Guard guard,
            Map<String, ? extends LambdaFunction> functions, Clock clock) {
        this.template = template;
        this.routes = routes;
        this.guard = guard;
        this.functions = functions;
        this.clock = clock;
        this.throttling = new RouteThrottling(SamTemplate.Throttling.NONE, clock);
    }

    /** An API of the template guarded by API Gateway's built-in JWT authorizer, played by {@code authorizer}. */
    public static HttpApi guardedByJwt(SamTemplate template, SamTemplate.JwtApi api, LocalJwtAuthorizer authorizer,
            Map<String, ? extends LambdaFunction> functions, Clock clock) {
        return new HttpApi(template, api.routes(), authorizer::admit, functions, clock);
    }

    public Answer handle(Request request) {
        byte[] id = new byte[10];
        random.nextBytes(id);
        String requestId = Base64.getEncoder().encodeToString(id);
        Answer answer = route(request, requestId);
        Map<String, List<String>> headers = new LinkedHashMap<>(answer.headers());
        headers.put("apigw-requestid", List.of(requestId));
        return new Answer(answer.status(), headers, answer.body());
    }

    private Answer route(Request request, String requestId) {
        String method = request.method().toUpperCase(Locale.ROOT);
        Optional<Map.Entry<SamTemplate.Route, Map<String, String>>> found = routes.stream()
                .sorted(Comparator.comparingInt(HttpApi::specificity))
                .flatMap(r -> r.match(method, request.path()).map(p -> Map.entry(r, p)).stream()).findFirst();
        if (found.isEmpty()) {
            return message(404, "Not Found");
        }
        SamTemplate.Route route = found.get().getKey();
        if (!throttling.admits(route)) {
            return message(429, "Too Many Requests");
        }
        ObjectNode event = event(request, route, found.get().getValue(), requestId);
        if (route.authorized()) {
            Optional<Answer> refused = guard.admit(event, route);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        LambdaFunction.Invocation invocation = functions.get(route.function()).invoke(write(event));
        return invocation.ok() ? response(invocation.payload()) : message(500, "Internal Server Error");
    }

    /** The template's Lambda authorizer: its identity sources, its decision (cached), its context as "lambda". */
    private Optional<Answer> lambdaAuthorizer(ObjectNode event, SamTemplate.Route route) {
        Optional<List<String>> identity = identity(event);
        if (identity.isEmpty()) {
            return Optional.of(message(401, "Unauthorized"));
        }
        Decision decision = authorize(identity.get(), route, event);
        if (decision.refusal().isPresent()) {
            return decision.refusal();
        }
        ObjectNode authorizer = ((ObjectNode) event.get("requestContext")).putObject("authorizer");
        authorizer.set("lambda", decision.context() == null ? JSON.createObjectNode() : decision.context());
        return Optional.empty();
    }

    /** Literal routes before parameterized ones, greedy ones last; a route's own method before {@code ANY}. */
    private static int specificity(SamTemplate.Route route) {
        int score = route.path().contains("+}") ? 2000 : 0;
        score += (int) route.path().chars().filter(c -> c == '{').count() * 10;
        return score + (route.method().equals("ANY") ? 1 : 0);
    }

    private ObjectNode event(Request request, SamTemplate.Route route, Map<String, String> pathParameters,
            String requestId) {
        Instant now = clock.instant();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", route.key());
        event.put("rawPath", request.path());
        event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
        List<String> cookies = new ArrayList<>();
        Map<String, String> headers = new TreeMap<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(v -> List.of(v.split(";")).stream().map(String::strip).filter(c -> !c.isEmpty())
                        .forEach(cookies::add));
            } else {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        if (!cookies.isEmpty()) {
            ArrayNode array = event.putArray("cookies");
            cookies.forEach(array::add);
        }
        event.set("headers", JSON.valueToTree(headers));
        Map<String, String> query = query(request.rawQuery());
        if (!query.isEmpty()) {
            event.set("queryStringParameters", JSON.valueToTree(query));
        }
        if (!pathParameters.isEmpty()) {
            event.set("pathParameters", JSON.valueToTree(pathParameters));
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", ACCOUNT_ID);
        context.put("apiId", API_ID);
        String host = headers.getOrDefault("host", "localhost");
        context.put("domainName", host);
        context.put("domainPrefix", host.split("[.:]")[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method().toUpperCase(Locale.ROOT));
        http.put("path", request.path());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", requestId);
        context.put("routeKey", route.key());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (request.body() != null && request.body().length > 0) {
            boolean text = isText(headers.get("content-type"));
            event.put("body", text ? new String(request.body(), StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(request.body()));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || TEXT_TYPES.contains(type) || type.endsWith("+json") || type.endsWith("+xml");
    }

    /**
     * Parsed here rather than with the product's {@code RequestFields}: API Gateway's stand-in shares no code with the
     * functions it serves, so that a decoding bug in one cannot hide the same bug in the other.
     */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        // API Gateway joins repeated parameters with commas.
        Arrays.stream(rawQuery.split("&")).filter(pair -> !pair.isEmpty()).map(pair -> pair.split("=", 2))
                .forEach(parts -> query.merge(decode(parts[0]), parts.length == 1 ? "" : decode(parts[1]),
                        (a, b) -> a + "," + b));
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The identity source's values, in the template's order; empty when one is missing (API Gateway: 401). */
    private Optional<List<String>> identity(ObjectNode event) {
        List<String> values = new ArrayList<>();
        for (String header : template.authorizer().identityHeaders()) {
            String value = event.path("headers").path(header.toLowerCase(Locale.ROOT)).asText("");
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values.add(value);
        }
        for (String parameter : template.authorizer().identityQueryStrings()) {
            String value = event.path("queryStringParameters").path(parameter).asText("");
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values.add(value);
        }
        return Optional.of(values);
    }

    private Decision authorize(List<String> identity, SamTemplate.Route route, ObjectNode event) {
        Instant now = clock.instant();
        String key = String.join("\n", identity);
        Decision cached = authorizerCache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return cached;
        }
        ObjectNode authorizerEvent = JSON.createObjectNode();
        authorizerEvent.put("version", "2.0");
        authorizerEvent.put("type", "REQUEST");
        authorizerEvent.put("routeArn", "arn:aws:execute-api:us-east-1:" + ACCOUNT_ID + ":" + API_ID + "/$default/"
                + route.method() + route.path());
        ArrayNode source = authorizerEvent.putArray("identitySource");
        identity.forEach(source::add);
        for (String field : List.of("routeKey", "rawPath", "rawQueryString", "cookies", "headers",
                "queryStringParameters", "pathParameters", "requestContext")) {
            if (event.has(field)) {
                authorizerEvent.set(field, event.get(field).deepCopy());
            }
        }
        LambdaFunction.Invocation invocation = functions.get(template.authorizerFunction())
                .invoke(write(authorizerEvent));
        if (!invocation.ok()) {
            boolean unauthorized = "Unauthorized".equals(read(invocation.payload()).path("errorMessage").asText());
            return new Decision(Optional.of(unauthorized ? message(401, "Unauthorized")
                    : message(500, "Internal Server Error")), null, now);
        }
        JsonNode answer = read(invocation.payload());
        boolean allowed = template.authorizer().simpleResponses()
                ? answer.path("isAuthorized").asBoolean(false)
                : allowsByPolicy(answer.path("policyDocument"));
        JsonNode context = answer.path("context").isObject() ? answer.get("context") : null;
        Decision decision = new Decision(allowed ? Optional.empty() : Optional.of(message(403, "Forbidden")), context,
                now.plusSeconds(template.authorizer().cacheSeconds()));
        if (template.authorizer().cacheSeconds() > 0) {
            if (authorizerCache.size() > 10_000) {
                authorizerCache.clear();
            }
            authorizerCache.put(key, decision);
        }
        return decision;
    }

    private static boolean allowsByPolicy(JsonNode policy) {
        boolean allow = false;
        for (JsonNode statement : policy.path("Statement")) {
            String effect = statement.path("Effect").asText();
            if (effect.equals("Deny")) {
                return false;
            }
            allow |= effect.equals("Allow");
        }
        return allow;
    }

    /** The function's answer as API Gateway reads a payload 2.0 response. */
    private static Answer response(String payload) {
        JsonNode result;
        try {
            result = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return message(500, "Internal Server Error");
        }
        if (result == null || !result.isObject() || !result.has("statusCode")) {
            // No status code: API Gateway answers 200 with the result itself as the JSON body.
            return new Answer(200, Map.of("Content-Type", List.of("application/json")),
                    payload.getBytes(StandardCharsets.UTF_8));
        }
        if (!result.get("statusCode").canConvertToInt()) {
            return message(500, "Internal Server Error");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        result.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), List.of(h.getValue().asText())));
        List<String> cookies = new ArrayList<>();
        result.path("cookies").forEach(c -> cookies.add(c.asText()));
        if (!cookies.isEmpty()) {
            headers.put("Set-Cookie", cookies);
        }
        JsonNode body = result.get("body");
        byte[] bytes = body == null || body.isNull() ? new byte[0]
                : result.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body.asText())
                        : body.asText().getBytes(StandardCharsets.UTF_8);
        return new Answer(result.get("statusCode").asInt(), headers, bytes);
    }

    private static Answer message(int status, String message) {
        return new Answer(status, Map.of("Content-Type", List.of("application/json")),
                ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** An answer that is not JSON reads as an empty object: no {@code isAuthorized}, no error message. */
    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
