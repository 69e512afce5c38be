package dev.anonymousaccess.docs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.anonymousaccess.testing.OpenApiDocument;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * docs/openapi.yaml: valid OpenAPI, describing exactly the routes the template gives the service's API, and strict
 * enough that the check every function test's answer goes through ({@code Lambda.http}) can fail.
 */
@Tag("rules")
class OpenApiDocumentTest {

    static final String CREATE = "/auth/anonymous/create";
    static final String TOKEN = "{\"token\":{\"access_token\":\"A0123456789abcdef0123456789abcdef"
            + "abcdefghijABCDEFGHIJ0123456789abcdefghijABC\",\"expires_in\":86400,\"token_type\":\"Bearer\","
            + "\"refresh_token\":\"R0123456789abcdef0123456789abcdefabcdefghijABCDEFGHIJ0123456789abcdefghijABC\"}}";
    static final Map<String, String> JSON = Map.of("Content-Type", "application/json", "Cache-Control", "no-store",
            "Pragma", "no-cache");

    @Test
    void theDocumentIsValidOpenApi() throws IOException {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(Files.readString(OpenApiDocument.FILE));

        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), String.valueOf(parsed.getMessages()));
        assertEquals("3.0.3", parsed.getOpenAPI().getOpenapi());
    }

    @Test
    void itDescribesExactlyTheRoutesOfTheServicesApi() throws IOException {
        Set<String> described = new TreeSet<>();
        new OpenAPIV3Parser().readContents(Files.readString(OpenApiDocument.FILE)).getOpenAPI().getPaths()
                .forEach((path, item) -> item.readOperationsMap().keySet()
                        .forEach(method -> described.add(method + " " + path)));

        assertEquals(templateRoutes(), described);
    }

    /** The HttpApi events of template.yaml on the service's own API (not the example JWT-protected one). */
    static Set<String> templateRoutes() throws IOException {
        JsonNode template = new YAMLMapper().readTree(Path.of("template.yaml").toFile());
        Set<String> routes = new TreeSet<>();
        template.path("Resources").forEach(resource -> resource.path("Properties").path("Events").forEach(event -> {
            JsonNode properties = event.path("Properties");
            if ("HttpApi".equals(event.path("Type").asText()) && "HttpApi".equals(properties.path("ApiId").asText())) {
                routes.add(properties.path("Method").asText() + " " + properties.path("Path").asText());
            }
        }));
        assertTrue(routes.size() >= 10, routes.toString());
        return routes;
    }

    @Test
    void aWellFormedTokenAnswerPasses() {
        assertDoesNotThrow(() -> OpenApiDocument.checkAnswer("POST", CREATE, 200, JSON, TOKEN));
    }

    @Test
    void aTokenAnswerWithoutItsRefreshTokenIsRefused() {
        String withoutRefreshToken = TOKEN.replaceAll(",\"refresh_token\":\"[^\"]+\"", "");

        assertThrows(AssertionError.class,
                () -> OpenApiDocument.checkAnswer("POST", CREATE, 200, JSON, withoutRefreshToken));
    }

    @Test
    void aTokenAnswerThatCachesMayKeepIsRefused() {
        Map<String, String> cacheable = Map.of("Content-Type", "application/json", "Cache-Control", "max-age=60");

        assertThrows(AssertionError.class, () -> OpenApiDocument.checkAnswer("POST", CREATE, 200, cacheable, TOKEN));
    }

    @Test
    void aStatusTheDocumentDoesNotListIsRefused() {
        assertThrows(AssertionError.class, () -> OpenApiDocument.checkAnswer("POST", CREATE, 500, JSON,
                "{\"error\":\"server_error\",\"error_description\":\"internal error\"}"));
    }

    @Test
    void anErrorCodeTheDocumentDoesNotListIsRefused() {
        assertThrows(AssertionError.class, () -> OpenApiDocument.checkAnswer("POST", CREATE, 400, JSON,
                "{\"error\":\"invalid_scope\",\"error_description\":\"no\"}"));
    }

    @Test
    void anUnavailableAnswerWithoutRetryAfterIsRefused() {
        assertThrows(AssertionError.class, () -> OpenApiDocument.checkAnswer("POST", CREATE, 503, JSON,
                "{\"error\":\"temporarily_unavailable\",\"error_description\":\"try again\"}"));
    }

    @Test
    void aMethodTheRouteDoesNotHaveIsNoApiCallAndNotChecked() {
        // A function invoked directly with another method answers 405; API Gateway never routes such a request.
        assertDoesNotThrow(() -> OpenApiDocument.checkAnswer("GET", CREATE, 405, JSON,
                "{\"error\":\"invalid_request\",\"error_description\":\"only POST\"}"));
    }
}
