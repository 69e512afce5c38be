package dev.anonymousaccess.function;

import static dev.anonymousaccess.function.AdminFunctionTest.admin;
import static dev.anonymousaccess.function.AdminFunctionTest.adminFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The signing keys' admin actions, and the first key a jwt app's registration publishes, on DynamoDB and KMS. */
@QuarkusTest
@TestProfile(Exports.Admin.class)
class SigningKeyAdminTest extends FunctionTest {

    static final Duration LEAD = Duration.ofMinutes(150);

    @BeforeEach
    void aDeploymentWithoutKeys() {
        users.startClean();
        table.forgetSigningKeys();
    }

    @AfterEach
    void keysGoWithTheTest() {
        table.forgetSigningKeys();
    }

    @Test
    void registeringTheFirstJwtAppPublishesAKeyThatSignsAtOnce() {
        admin("{\"action\":\"putClient\",\"clientId\":\"jwt-app\",\"tokenFormat\":\"jwt\"}");

        JsonNode keys = admin("{\"action\":\"getSigningKeys\"}").get("keys");
        assertEquals(1, keys.size());
        assertEquals("RS256", keys.get(0).get("algorithm").asText());
        assertEquals(keys.get(0).get("publishedFrom").asText(), keys.get(0).get("signsFrom").asText());
    }

    @Test
    void anOpaqueAppPublishesNoKey() {
        admin("{\"action\":\"putClient\",\"clientId\":\"opaque-app\"}");

        assertEquals(0, admin("{\"action\":\"getSigningKeys\"}").get("keys").size());
    }

    @Test
    void aRotationPublishesTheNextKeyToSignAfterTheLead() {
        admin("{\"action\":\"putClient\",\"clientId\":\"jwt-app\",\"tokenFormat\":\"jwt\"}");
        clock.advance(Duration.ofDays(30));

        JsonNode keys = admin("{\"action\":\"rotateSigningKeys\"}").get("keys");

        assertEquals(2, keys.size());
        Instant published = Instant.parse(keys.get(1).get("publishedFrom").asText());
        assertEquals(published.plus(LEAD), Instant.parse(keys.get(1).get("signsFrom").asText()));
        assertEquals(keys.get(1).get("signsFrom").asText(), keys.get(0).get("signsUntil").asText());
        assertEquals(published.plus(LEAD).plus(Duration.ofHours(24)).plus(Duration.ofMinutes(5)),
                Instant.parse(keys.get(0).get("publishedUntil").asText()));
    }

    @Test
    void theScheduleRotatesWithTheTemplatesOwnInput() throws IOException {
        admin("{\"action\":\"putClient\",\"clientId\":\"jwt-app\",\"tokenFormat\":\"jwt\"}");
        String input = new YAMLMapper().readTree(Path.of("template.yaml").toFile())
                .at("/Resources/KeyRotationSchedule/Properties/Targets/0/Input").asText();

        assertEquals(2, admin(input).get("keys").size());
        assertEquals(2, admin(input).get("keys").size(), "a rotation under way is not started again");
    }

    @Test
    void theKeysAreShownWithoutKeyMaterial() {
        admin("{\"action\":\"putClient\",\"clientId\":\"jwt-app\",\"tokenFormat\":\"jwt\"}");

        String shown = admin("{\"action\":\"getSigningKeys\"}").toString();

        for (String material : new String[] { "encryptedPrivateKey", "publicJwk", "\"d\"", "\"n\"" }) {
            assertFalse(shown.contains(material), material + " in " + shown);
        }
    }

    @Test
    void aKeyThatSignsAtOnceIsRefusedOnceTheDeploymentHasKeys() {
        admin("{\"action\":\"rotateSigningKeys\",\"immediately\":true}");

        assertTrue(adminFails("{\"action\":\"rotateSigningKeys\",\"immediately\":true}").contains("immediately"));
    }
}
