package dev.anonymousaccess.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * What the local API and the end-to-end test need to know of {@code template.yaml}: the functions, their environment
 * (Globals merged with their own, parameters at their defaults unless overridden, and the variables Lambda derives
 * from their LoggingConfig), the HTTP API's routes, its default authorizer and its throttling; and the APIs guarded by
 * API Gateway's built-in JWT authorizer. Reading it, rather than repeating it, is what proves that the template's
 * wiring and the artifact agree, and serves a new route with no other change.
 */
public record SamTemplate(Map<String, Map<String, String>> functionEnvironments, List<Route> routes,
        Authorizer authorizer, Throttling throttling, List<JwtApi> jwtApis) {

    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}");

    /**
     * One route: {@code method} is upper case or {@code ANY}; {@code path} may hold {@code {name}} segments and end in
     * a greedy {@code {name+}}.
     */
    public record Route(String method, String path, String function, boolean authorized) {

        public String key() {
            return method + " " + path;
        }

        /** The path parameters when this route serves the request, else empty. */
        public Optional<Map<String, String>> match(String requestMethod, String requestPath) {
            if (!method.equals("ANY") && !method.equals(requestMethod)) {
                return Optional.empty();
            }
            String[] pattern = path.substring(1).split("/", -1);
            String[] actual = requestPath.substring(1).split("/", -1);
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < pattern.length; i++) {
                String segment = pattern[i];
                boolean parameter = segment.startsWith("{") && segment.endsWith("}");
                if (parameter && segment.endsWith("+}")) {
                    if (i >= actual.length) {
                        return Optional.empty();
                    }
                    parameters.put(segment.substring(1, segment.length() - 2),
                            String.join("/", List.of(actual).subList(i, actual.length)));
                    return Optional.of(parameters);
                }
                if (i >= actual.length) {
                    return Optional.empty();
                }
                if (parameter && !actual[i].isEmpty()) {
                    parameters.put(segment.substring(1, segment.length() - 1), actual[i]);
                } else if (!segment.equals(actual[i])) {
                    return Optional.empty();
                }
            }
            return pattern.length == actual.length ? Optional.of(parameters) : Optional.empty();
        }
    }

    /**
     * The HTTP API's default Lambda authorizer: its function, response format, identity sources (headers and query
     * string parameters, all required) and result cache time ({@code ReauthorizeEvery}; 0 = no cache).
     */
    public record Authorizer(String function, boolean simpleResponses, List<String> identityHeaders,
            List<String> identityQueryStrings, long cacheSeconds) {
    }

    /** A token bucket: {@code burst} requests at once, refilled at {@code ratePerSecond}. */
    public record Limit(double ratePerSecond, long burst) {
    }

    /**
     * The stage's throttling: {@code DefaultRouteSettings} for every route, {@code RouteSettings} (by route key, as
     * {@code "POST /auth/anonymous/create"}) instead for the routes they name; {@code defaults} is null when the
     * stage sets none.
     */
    public record Throttling(Limit defaults, Map<String, Limit> routes) {

        public static final Throttling NONE = new Throttling(null, Map.of());

        /** The limit of route {@code routeKey} ({@code "POST /auth/anonymous/create"}, say), if the stage sets one. */
        public Optional<Limit> of(String routeKey) {
            return Optional.ofNullable(routes.getOrDefault(routeKey, defaults));
        }
    }

    /**
     * An HTTP API guarded by API Gateway's built-in JWT authorizer: the issuer whose published keys verify the
     * tokens, the audiences it accepts, and its routes.
     */
    public record JwtApi(String name, String issuer, List<String> audiences, List<Route> routes) {
    }

    public String authorizerFunction() {
        return authorizer.function();
    }

    /** The template's function (resource name) that exports {@code export} ({@code QUARKUS_FUNQY_EXPORT}), if any. */
    public Optional<String> functionExporting(String export) {
        return functionEnvironments.entrySet().stream()
                .filter(f -> export.equals(f.getValue().get("QUARKUS_FUNQY_EXPORT"))).map(Map.Entry::getKey)
                .findFirst();
    }

    /** The same API with the authorizer's results cached for {@code seconds} instead (0: every request asks it). */
    public SamTemplate withAuthorizerCache(long seconds) {
        return new SamTemplate(functionEnvironments, routes, new Authorizer(authorizer.function(),
                authorizer.simpleResponses(), authorizer.identityHeaders(), authorizer.identityQueryStrings(), seconds),
                throttling, jwtApis);
    }

    public static SamTemplate read(Path file, Map<String, String> resourceValues) throws IOException {
        return read(file, resourceValues, Map.of());
    }

    /** @param parameterOverrides parameter values used instead of the template's defaults */
    public static SamTemplate read(Path file, Map<String, String> resourceValues,
            Map<String, String> parameterOverrides) throws IOException {
        String text = Files.readString(file);
        JsonNode template = new YAMLMapper().readTree(text);
        Map<String, String> parameters = new LinkedHashMap<>();
        template.path("Parameters").fields()
                .forEachRemaining(p -> parameters.put(p.getKey(), p.getValue().path("Default").asText()));
        parameters.putAll(parameterOverrides);
        // Only the resources a deployment with these parameters has.
        Set<String> conditions = TemplateConditions.holding(text, parameters);
        Map<String, JsonNode> resources = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            String condition = resource.getValue().path("Condition").asText(null);
            if (condition == null || conditions.contains(condition)) {
                resources.put(resource.getKey(), resource.getValue());
            }
        });
        Map<String, String> globals = new LinkedHashMap<>();
        template.path("Globals").path("Function").path("Environment").path("Variables").fields()
                .forEachRemaining(e -> globals.put(e.getKey(), resolve(e.getValue(), parameters, resourceValues)));

        JsonNode api = null;
        String apiId = null;
        Map<String, JsonNode> jwtApiAuth = new LinkedHashMap<>();
        for (var resource : resources.entrySet()) {
            if ("AWS::Serverless::HttpApi".equals(resource.getValue().path("Type").asText())) {
                JsonNode properties = resource.getValue().path("Properties");
                JsonNode auth = properties.path("Auth");
                JsonNode defaultAuthorizer = auth.path("Authorizers").path(auth.path("DefaultAuthorizer").asText());
                if (defaultAuthorizer.has("JwtConfiguration")) {
                    jwtApiAuth.put(resource.getKey(), defaultAuthorizer.path("JwtConfiguration"));
                } else {
                    api = properties;
                    apiId = resource.getKey();
                }
            }
        }
        if (api == null) {
            throw new IllegalStateException("template.yaml has no HTTP API");
        }
        JsonNode auth = api.path("Auth");
        String defaultAuthorizer = auth.path("DefaultAuthorizer").asText(null);
        JsonNode authorizer = auth.path("Authorizers").path(defaultAuthorizer);
        JsonNode identity = authorizer.path("Identity");
        List<String> headers = new ArrayList<>();
        identity.path("Headers").forEach(h -> headers.add(h.asText()));
        List<String> queryStrings = new ArrayList<>();
        identity.path("QueryStrings").forEach(q -> queryStrings.add(q.asText()));
        if (headers.isEmpty() && queryStrings.isEmpty()) {
            headers.add("Authorization"); // SAM's default identity source
        }
        long cacheSeconds = identity.has("ReauthorizeEvery")
                ? Long.parseLong(resolve(identity.path("ReauthorizeEvery"), parameters, resourceValues))
                : 300; // API Gateway's default
        Authorizer defaultAuth = new Authorizer(authorizer.path("FunctionArn").asText().replace(".Arn", "").replace(".Alias", ""),
                authorizer.path("EnableSimpleResponses").asBoolean(false), headers, queryStrings, cacheSeconds);

        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        List<Route> routes = new ArrayList<>();
        Map<String, List<Route>> jwtRoutes = new LinkedHashMap<>();
        jwtApiAuth.keySet().forEach(name -> jwtRoutes.put(name, new ArrayList<>()));
        for (var resource : resources.entrySet()) {
            JsonNode properties = resource.getValue().path("Properties");
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                continue;
            }
            Map<String, String> environment = new LinkedHashMap<>(globals);
            properties.path("Environment").path("Variables").fields()
                    .forEachRemaining(e -> environment.put(e.getKey(), resolve(e.getValue(), parameters, resourceValues)));
            // Lambda tells the runtime the function's LoggingConfig through these two variables.
            JsonNode logging = properties.path("LoggingConfig");
            if (logging.has("LogFormat")) {
                environment.put("AWS_LAMBDA_LOG_FORMAT", logging.path("LogFormat").asText());
            }
            if (logging.has("ApplicationLogLevel")) {
                environment.put("AWS_LAMBDA_LOG_LEVEL",
                        resolve(logging.path("ApplicationLogLevel"), parameters, resourceValues));
            }
            environments.put(resource.getKey(), environment);
            for (var event : iterable(properties.path("Events"))) {
                JsonNode eventProperties = event.getValue().path("Properties");
                if (!"HttpApi".equals(event.getValue().path("Type").asText())) {
                    continue;
                }
                String eventApi = eventProperties.path("ApiId").asText();
                String routeAuthorizer = eventProperties.path("Auth").path("Authorizer").asText(
                        eventApi.equals(apiId) ? defaultAuthorizer : "default");
                Route route = new Route(eventProperties.path("Method").asText().toUpperCase(),
                        eventProperties.path("Path").asText(), resource.getKey(), !"NONE".equals(routeAuthorizer));
                if (apiId.equals(eventApi)) {
                    routes.add(route);
                } else if (jwtRoutes.containsKey(eventApi)) {
                    jwtRoutes.get(eventApi).add(route);
                }
            }
        }
        List<JwtApi> jwtApis = new ArrayList<>();
        for (var entry : jwtApiAuth.entrySet()) {
            List<String> audiences = new ArrayList<>();
            entry.getValue().path("audience").forEach(a -> audiences.add(resolve(a, parameters, resourceValues)));
            jwtApis.add(new JwtApi(entry.getKey(), resolve(entry.getValue().path("issuer"), parameters, resourceValues),
                    audiences, jwtRoutes.get(entry.getKey())));
        }
        Map<String, Limit> routeLimits = new LinkedHashMap<>();
        for (var setting : iterable(api.path("RouteSettings"))) {
            limit(setting.getValue(), parameters, resourceValues).ifPresent(l -> routeLimits.put(setting.getKey(), l));
        }
        Throttling throttling = new Throttling(
                limit(api.path("DefaultRouteSettings"), parameters, resourceValues).orElse(null), routeLimits);
        return new SamTemplate(environments, routes, defaultAuth, throttling, jwtApis);
    }

    /** A route setting's throttling, when it sets both figures. */
    private static Optional<Limit> limit(JsonNode setting, Map<String, String> parameters,
            Map<String, String> resourceValues) {
        if (!setting.has("ThrottlingRateLimit") || !setting.has("ThrottlingBurstLimit")) {
            return Optional.empty();
        }
        return Optional.of(new Limit(
                Double.parseDouble(resolve(setting.path("ThrottlingRateLimit"), parameters, resourceValues)),
                Long.parseLong(resolve(setting.path("ThrottlingBurstLimit"), parameters, resourceValues))));
    }

    /**
     * A {@code !Ref} reads as the bare name: a parameter (its value) or a resource (the value given); a {@code !Sub}
     * string has its {@code ${Name}} parts replaced the same way.
     */
    private static String resolve(JsonNode value, Map<String, String> parameters, Map<String, String> resourceValues) {
        String text = value.asText();
        if (text.contains("${")) {
            Matcher names = SUBSTITUTION.matcher(text);
            StringBuilder resolved = new StringBuilder();
            while (names.find()) {
                names.appendReplacement(resolved, Matcher.quoteReplacement(
                        resolveName(names.group(1), parameters, resourceValues)));
            }
            return names.appendTail(resolved).toString();
        }
        return resolveName(text, parameters, resourceValues);
    }

    private static String resolveName(String name, Map<String, String> parameters, Map<String, String> resourceValues) {
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        return resourceValues.getOrDefault(name, name);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
