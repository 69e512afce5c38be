package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The local API runs the resources a deployment with the same parameters would have: conditions evaluated. */
@Tag("rules")
class TemplateConditionsTest {

    static final Path TEMPLATE = Path.of("template.yaml");

    @Test
    void withTheDefaultsTheExampleJwtApiIsNotDeployed() throws IOException {
        SamTemplate template = SamTemplate.read(TEMPLATE, Map.of());

        assertTrue(template.jwtApis().isEmpty());
        assertFalse(template.functionEnvironments().containsKey("ExampleJwtMeFunction"));
    }

    @Test
    void anIssuerAndTheParameterDeployTheExampleJwtApi() throws IOException {
        SamTemplate template = SamTemplate.read(TEMPLATE, Map.of(),
                Map.of("JwtIssuer", "https://api.example.com", "DeployExampleJwtApi", "on"));

        assertEquals(1, template.jwtApis().size());
        assertEquals("https://api.example.com", template.jwtApis().get(0).issuer());
        assertTrue(template.functionEnvironments().containsKey("ExampleJwtMeFunction"));
    }

    @Test
    void theParameterAloneDeploysNothingWithoutAnIssuer() throws IOException {
        SamTemplate template = SamTemplate.read(TEMPLATE, Map.of(), Map.of("DeployExampleJwtApi", "on"));

        assertTrue(template.jwtApis().isEmpty());
    }

    @Test
    void conditionsCombineAsCloudFormationEvaluatesThem() {
        String template = """
                Parameters:
                  A: {Type: String, Default: x}
                Conditions:
                  IsX: !Equals [!Ref A, x]
                  NotX: !Not [!Equals [!Ref A, x]]
                  Both: !And [!Condition IsX, !Not [!Condition NotX]]
                  Either: !Or [!Condition NotX, !Equals ["1", "2"]]
                """;

        assertEquals(Set.of("IsX", "Both"), TemplateConditions.holding(template, Map.of("A", "x")));
        assertEquals(Set.of("NotX", "Either"), TemplateConditions.holding(template, Map.of("A", "y")));
    }
}
