package dev.anonymousaccess.function;

import static dev.anonymousaccess.testing.Lambda.post;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.http.TokenEndpoints;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.DynamoDbProxy;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.user.IssuedTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The writes the code makes stay inside what template.yaml's IAM policies allow them: every attribute a limited
 * UpdateItem names (its expressions' and its key's, as IAM's {@code dynamodb:Attributes} counts them) is in the
 * function's list. IAM is not run here; this keeps the code and the policy from drifting apart.
 */
@QuarkusTest
@TestProfile(Exports.Create.class)
class TemplatePermissionsTest extends FunctionTest {

    @Inject
    TokenEndpoints endpoints;

    IssuedTokens user;

    @BeforeEach
    void oneUser() {
        users.startWith(List.of(Users.TEST_APP, ClientDefinition.builder().clientId("limited").signupsPerIp(5)
                .build()));
        user = users.create();
        MotoServer.proxy().reset();
    }

    /** The attributes the template lets {@code resource} update, from its UpdateItem statement's condition. */
    static Set<String> allowedAttributes(String resource) throws IOException {
        JsonNode template = new YAMLMapper().readTree(Path.of("template.yaml").toFile());
        for (JsonNode statement : template.at("/Resources/" + resource + "/Properties/Policies/0/Statement")) {
            JsonNode attributes = statement.at("/Condition/ForAllValues:StringEquals/dynamodb:Attributes");
            if (statement.path("Action").toString().contains("UpdateItem") && !attributes.isMissingNode()) {
                Set<String> allowed = new TreeSet<>();
                attributes.forEach(name -> allowed.add(name.asText()));
                return allowed;
            }
        }
        throw new AssertionError(resource + " has no limited UpdateItem");
    }

    static void assertUpdatesWithin(Set<String> allowed) {
        List<DynamoDbProxy.Request> updates = MotoServer.proxy().requests().stream()
                .filter(request -> request.operation().equals("UpdateItem")).toList();
        assertFalse(updates.isEmpty(), "the step writes");
        for (DynamoDbProxy.Request update : updates) {
            assertTrue(allowed.containsAll(update.attributes()), update.attributes() + " not all in " + allowed);
        }
    }

    @Test
    void aSignOutUpdatesOnlyWhatRevokeMay() throws IOException {
        endpoints.revoke(post(REVOKE_PATH, Map.of(), "{\"token\":\"" + user.accessToken().value()
                + "\"}"));

        assertUpdatesWithin(allowedAttributes("RevokeFunction"));
    }

    @Test
    void aLifetimeWriteUpdatesOnlyWhatTheAuthorizerMay() throws IOException {
        clock.advance(Duration.ofHours(2));

        verifier.verify(user.accessToken().value(), InvocationRecorder.NONE);

        assertUpdatesWithin(allowedAttributes("AuthorizeFunction"));
    }

    @Test
    void aSignupCountUpdatesOnlyWhatCreateMay() throws IOException {
        endpoints.create(post(CREATE_PATH, Map.of(), "{\"clientId\":\"limited\"}"));

        assertUpdatesWithin(allowedAttributes("CreateFunction"));
    }
}
