package dev.anonymousaccess.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * cfn-lint on the template as deployed with the example JWT-protected API off (the defaults) and on (an issuer, the
 * API deployed), and with the lifecycle events' example webhook and archive on: every resource a condition switches is
 * checked in both states. cfn-lint comes from PyPI
 * ({@code .ci/run} installs it and sets {@code REQUIRE_CFN_LINT}, which turns its absence into a failure).
 */
class TemplateLintTest {

    static final Map<String, Map<String, String>> VARIANTS = Map.of(
            "example-jwt-api-off", Map.of(),
            "example-jwt-api-on", Map.of("JwtIssuer", "https://api.example.com", "DeployExampleJwtApi", "on"),
            "webhook-and-archive-on", Map.of("WebhookUrl", "https://hooks.example.com/events", "WebhookClientId",
                    "my-app", "WebhookApiKeySecret", "my-app/webhook", "EventArchiveRetentionDays", "30"));

    @ParameterizedTest
    @ValueSource(strings = { "example-jwt-api-off", "example-jwt-api-on", "webhook-and-archive-on" })
    void cfnLintReportsNothing(String variant) throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        // Read as text with the tags kept: the variant changes only the parameters' defaults.
        String template = Files.readString(Path.of("template.yaml"));
        for (var parameter : VARIANTS.get(variant).entrySet()) {
            template = withDefault(template, parameter.getKey(), parameter.getValue());
        }
        ObjectNode parsed = (ObjectNode) yaml.readTree(template);
        for (var parameter : VARIANTS.get(variant).entrySet()) {
            assertEquals(parameter.getValue(), parsed.at("/Parameters/" + parameter.getKey() + "/Default").asText());
        }
        Path file = Files.createDirectories(Path.of("target", "template-variants")).resolve(variant + ".yaml");
        Files.writeString(file, template);

        Process lint;
        try {
            lint = new ProcessBuilder("cfn-lint", file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.assumeTrue(System.getenv("REQUIRE_CFN_LINT") == null, "cfn-lint is required: " + e);
            Assumptions.abort("no cfn-lint (pip install cfn-lint)");
            return;
        }
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, lint.waitFor(), variant + ":\n" + output);
    }

    /** The template with {@code parameter}'s {@code Default:} line replaced. */
    static String withDefault(String template, String parameter, String value) {
        int at = template.indexOf("\n  " + parameter + ":\n");
        int line = template.indexOf("    Default:", at);
        int end = template.indexOf('\n', line);
        return template.substring(0, line) + "    Default: \"" + value + "\"" + template.substring(end);
    }
}
