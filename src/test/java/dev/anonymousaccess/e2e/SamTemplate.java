package dev.anonymousaccess.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * What the end-to-end test needs to know of {@code template.yaml}: the functions, their environment (Globals merged
 * with their own, parameters at their defaults, and the variables Lambda derives from their LoggingConfig), the HTTP API routes and which ones the authorizer guards. Reading
 * it, rather than repeating it, is what proves that the template's wiring and the artifact agree.
 */
record SamTemplate(Map<String, Map<String, String>> functionEnvironments, List<Route> routes,
        String authorizerFunction, boolean simpleResponses) {

    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}");

    record Route(String method, String path, String function, boolean authorized) {
    }

    static SamTemplate read(Path file, Map<String, String> resourceValues) throws IOException {
        JsonNode template = new YAMLMapper().readTree(file.toFile());
        JsonNode parameters = template.path("Parameters");
        Map<String, String> globals = new LinkedHashMap<>();
        template.path("Globals").path("Function").path("Environment").path("Variables").fields()
                .forEachRemaining(e -> globals.put(e.getKey(), resolve(e.getValue(), parameters, resourceValues)));

        JsonNode api = null;
        String apiId = null;
        for (var resource : iterable(template.path("Resources"))) {
            if ("AWS::Serverless::HttpApi".equals(resource.getValue().path("Type").asText())) {
                api = resource.getValue().path("Properties");
                apiId = resource.getKey();
            }
        }
        if (api == null) {
            throw new IllegalStateException("template.yaml has no HTTP API");
        }
        JsonNode auth = api.path("Auth");
        String defaultAuthorizer = auth.path("DefaultAuthorizer").asText(null);
        JsonNode authorizer = auth.path("Authorizers").path(defaultAuthorizer);
        String authorizerFunction = authorizer.path("FunctionArn").asText().replace(".Arn", "");

        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        List<Route> routes = new ArrayList<>();
        for (var resource : iterable(template.path("Resources"))) {
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
                if ("HttpApi".equals(event.getValue().path("Type").asText())
                        && apiId.equals(eventProperties.path("ApiId").asText())) {
                    String routeAuthorizer = eventProperties.path("Auth").path("Authorizer").asText(defaultAuthorizer);
                    routes.add(new Route(eventProperties.path("Method").asText().toUpperCase(),
                            eventProperties.path("Path").asText(), resource.getKey(), !"NONE".equals(routeAuthorizer)));
                }
            }
        }
        return new SamTemplate(environments, routes, authorizerFunction,
                authorizer.path("EnableSimpleResponses").asBoolean(false));
    }

    /**
     * A {@code !Ref} reads as the bare name: a parameter (its default) or a resource (the value given); a
     * {@code !Sub} string has its {@code ${Name}} parts replaced the same way.
     */
    private static String resolve(JsonNode value, JsonNode parameters, Map<String, String> resourceValues) {
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

    private static String resolveName(String name, JsonNode parameters, Map<String, String> resourceValues) {
        if (parameters.has(name)) {
            return parameters.path(name).path("Default").asText();
        }
        return resourceValues.getOrDefault(name, name);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
