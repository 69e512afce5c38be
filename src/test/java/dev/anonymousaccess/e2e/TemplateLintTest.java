package dev.anonymousaccess.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

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

    /** One cfn-lint run over every variant: most of a run is cfn-lint loading its rules (about 4 s each). */
    @Test
    void cfnLintReportsNothingForAnyVariant() throws Exception {
        Path directory = Files.createDirectories(Path.of("target", "template-variants"));
        List<String> command = new ArrayList<>(List.of("cfn-lint"));
        for (var variant : new TreeMap<>(VARIANTS).entrySet()) {
            Path file = directory.resolve(variant.getKey() + ".yaml");
            Files.writeString(file, variant(variant.getValue()));
            command.add(file.toString());
        }

        Process lint;
        try {
            lint = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.assumeTrue(System.getenv("REQUIRE_CFN_LINT") == null, "cfn-lint is required: " + e);
            Assumptions.abort("no cfn-lint (pip install cfn-lint)");
            return;
        }
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, lint.waitFor(), String.join(" ", command) + ":\n" + output);
    }

    @Test
    void eachVariantDeploysWithItsOwnParameters() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        for (var variant : VARIANTS.entrySet()) {
            ObjectNode parsed = (ObjectNode) yaml.readTree(variant(variant.getValue()));
            for (var parameter : variant.getValue().entrySet()) {
                assertEquals(parameter.getValue(), parsed.at("/Parameters/" + parameter.getKey() + "/Default").asText(),
                        variant.getKey());
            }
        }
    }

    /** The template as text, its tags kept, with the parameters' defaults a variant changes. */
    static String variant(Map<String, String> parameters) throws IOException {
        String template = Files.readString(Path.of("template.yaml"));
        for (var parameter : parameters.entrySet()) {
            template = withDefault(template, parameter.getKey(), parameter.getValue());
        }
        return template;
    }

    /** The template with {@code parameter}'s {@code Default:} line replaced. */
    static String withDefault(String template, String parameter, String value) {
        int at = template.indexOf("\n  " + parameter + ":\n");
        int line = template.indexOf("    Default:", at);
        int end = template.indexOf('\n', line);
        return template.substring(0, line) + "    Default: \"" + value + "\"" + template.substring(end);
    }
}
