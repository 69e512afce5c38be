package dev.anonymousaccess.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.anonymousaccess.local.LambdaProcess;
import dev.anonymousaccess.observability.Metric;
import dev.anonymousaccess.observability.MetricsDocument;

/**
 * What template.yaml promises beyond what cfn-lint checks: each function may use only the DynamoDB actions its code
 * calls, the SDK gives up on DynamoDB well before Lambda gives up on the function, and the alarms and the dashboard
 * read the metrics the functions publish.
 */
@Tag("rules")
class TemplateContractTest {

    static final YAMLMapper YAML = new YAMLMapper();
    static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = YAML.readTree(Path.of("template.yaml").toFile());
    }

    /** Export → DynamoDB actions allowed, with the attributes they are limited to after a "|". */
    static Map<String, Set<String>> permissions() {
        Map<String, Set<String>> permissions = new TreeMap<>();
        resourcesOfType("AWS::Serverless::Function").values().forEach(properties -> {
            Set<String> actions = new TreeSet<>();
            for (JsonNode policy : properties.path("Policies")) {
                for (JsonNode statement : policy.path("Statement")) {
                    JsonNode attributes = statement.path("Condition").path("ForAllValues:StringEquals")
                            .path("dynamodb:Attributes");
                    String limit = attributes.isMissingNode() ? ""
                            : "|" + new TreeSet<>(YAML.convertValue(attributes, List.class));
                    JsonNode action = statement.path("Action");
                    if (action.isArray()) {
                        action.forEach(a -> actions.add(a.asText() + limit));
                    } else {
                        actions.add(action.asText() + limit);
                    }
                }
            }
            permissions.put(properties.path("Environment").path("Variables").path("QUARKUS_FUNQY_EXPORT").asText(),
                    actions);
        });
        return permissions;
    }

    @Test
    void eachFunctionMayUseOnlyTheActionsItCalls() {
        assertEquals(Map.of(
                "create", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:BatchGetItem",
                        "dynamodb:UpdateItem|[pk, signupIds, ttl, type]", "ssm:GetParameter", "kms:Decrypt"),
                "refresh", Set.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:BatchGetItem", "kms:Decrypt"),
                "revoke", Set.of("dynamodb:GetItem", "dynamodb:BatchGetItem",
                        "dynamodb:UpdateItem|[pk, revokedAt, revokedFor, type, version]"),
                "authorize", Set.of("dynamodb:GetItem", "dynamodb:UpdateItem|[lastSeenAt, pk, ttl, type]"),
                "introspect", Set.of("dynamodb:GetItem", "dynamodb:UpdateItem|[lastSeenAt, pk, ttl, type]"),
                "claim", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                        "kms:Decrypt"),
                "me", Set.of(),
                "discovery", Set.of("dynamodb:GetItem"),
                "lifecycle", Set.of("events:PutEvents", "sqs:SendMessage"),
                "admin", Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                        "dynamodb:DeleteItem", "kms:Encrypt")), permissions());
    }

    @Test
    void theLifecycleFunctionReadsTheTablesStreamWithPartialBatchResponsesBoundedRetriesAndAFailureQueue() {
        assertEquals("NEW_AND_OLD_IMAGES",
                template.at("/Resources/Table/Properties/StreamSpecification/StreamViewType").asText());
        JsonNode stream = template.at("/Resources/LifecycleFunction/Properties/Events/TableStream");
        assertEquals("DynamoDB", stream.path("Type").asText());
        JsonNode mapping = stream.path("Properties");
        assertEquals("ReportBatchItemFailures", mapping.at("/FunctionResponseTypes/0").asText());
        assertTrue(mapping.path("BisectBatchOnFunctionError").asBoolean());
        assertTrue(mapping.path("MaximumRetryAttempts").asInt() > 0 && mapping.path("MaximumRetryAttempts").asInt() <= 10);
        assertTrue(mapping.path("MaximumRecordAgeInSeconds").asInt() <= 3600, "one bad record never holds a shard for 24 h");
        assertEquals("SQS", mapping.at("/DestinationConfig/OnFailure/Type").asText());
        assertEquals("ApproximateNumberOfMessagesVisible",
                template.at("/Resources/LifecycleFailureQueueAlarm/Properties/MetricName").asText());
    }

    @Test
    void theLifecycleFunctionMayPutEventsOnItsOwnBusOnly() {
        JsonNode statements = template.at("/Resources/LifecycleFunction/Properties/Policies/0/Statement");
        JsonNode put = null;
        for (JsonNode statement : statements) {
            if (statement.path("Action").asText().equals("events:PutEvents")) {
                put = statement;
            }
        }
        assertTrue(put != null, statements.toString());
        assertEquals("LifecycleEventBus.Arn", put.path("Resource").asText(put.at("/Resource/Fn::GetAtt").toString()));
    }

    @Test
    void theExampleApisJwtAuthorizerNamesTheServicesIssuerAndTheTokensAudience() {
        JsonNode jwt = template.at("/Resources/ExampleJwtApi/Properties/Auth/Authorizers/ServiceJwt/JwtConfiguration");

        assertEquals("JwtIssuer", jwt.at("/issuer/Ref").asText(jwt.path("issuer").asText()));
        assertEquals("JwtAudience", jwt.at("/audience/0/Ref").asText(jwt.path("audience").path(0).asText()));
        assertEquals("ANONYMOUS_ACCESS_JWT_ISSUER", envSetFrom("JwtIssuer"));
        assertEquals("ANONYMOUS_ACCESS_JWT_AUDIENCE", envSetFrom("JwtAudience"));
    }

    /** The variable every function reads {@code parameter} from. */
    static String envSetFrom(String parameter) {
        var found = new ArrayList<String>();
        template.at("/Globals/Function/Environment/Variables").fields().forEachRemaining(variable -> {
            if (variable.getValue().asText().equals(parameter)
                    || parameter.equals(variable.getValue().path("Ref").asText())) {
                found.add(variable.getKey());
            }
        });
        return found.isEmpty() ? null : found.get(0);
    }

    @Test
    void theJvmPackagingRunsTheHandlerTheEndToEndTestRuns() throws IOException {
        // The !If of Globals.Function.Handler, as text: the YAML reader sees the tag's arguments as a list.
        assertTrue(Files.readString(Path.of("template.yaml")).contains(LambdaProcess.HANDLER + "]"));
    }

    @Test
    void createMayUpdateOnlyTheSignupCounters() {
        JsonNode update = createStatement("dynamodb:UpdateItem");
        assertEquals("SIGNUPS#*", update.path("Condition").path("ForAllValues:StringLike")
                .path("dynamodb:LeadingKeys").path(0).asText());
    }

    @Test
    void onlyCreateMayReadParametersAndOnlyTheBotCheckSecrets() {
        permissions().forEach((export, actions) -> assertEquals("create".equals(export),
                actions.contains("ssm:GetParameter"), export));
        assertTrue(createStatement("ssm:GetParameter").path("Resource").toString().contains("${CaptchaParameterPrefix}*"));
    }

    @Test
    void claimMayWriteOnlyUsersAndSubjectHolds() {
        int writeStatements = 0;
        for (JsonNode statement : template.path("Resources").path("ClaimFunction").path("Properties").path("Policies")
                .path(0).path("Statement")) {
            if (statement.path("Action").toString().matches(".*(PutItem|UpdateItem|DeleteItem).*")) {
                writeStatements++;
                assertEquals("[\"USER#*\",\"SUBJECT#*\"]", statement.path("Condition")
                        .path("ForAllValues:StringLike").path("dynamodb:LeadingKeys").toString());
            }
        }
        assertEquals(1, writeStatements);
    }

    static JsonNode createStatement(String action) {
        for (JsonNode statement : template.path("Resources").path("CreateFunction").path("Properties")
                .path("Policies").path(0).path("Statement")) {
            if (action.equals(statement.path("Action").asText())) {
                return statement;
            }
        }
        throw new AssertionError("no statement for " + action);
    }

    @Test
    void theCreateRouteIsThrottledOnItsOwn() {
        JsonNode routes = template.path("Resources").path("HttpApi").path("Properties").path("RouteSettings");
        assertTrue(routes.has("POST /auth/anonymous/create"), routes.toString());
    }

    @Test
    void onlyAdminAndClaimCanDelete() {
        // Admin erases users; a merge drops a claimed user's oldest session.
        permissions().forEach((export, actions) -> assertEquals(Set.of("admin", "claim").contains(export),
                actions.contains("dynamodb:DeleteItem"), export));
    }

    @Test
    void dynamoDbCallsGiveUpWellBeforeTheFunctionTimesOut() throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Duration apiCall = Duration.parse("PT" + properties.getProperty("quarkus.dynamodb.api-call-timeout"));
        Duration functionTimeout = Duration.ofSeconds(template.path("Globals").path("Function").path("Timeout").asLong());

        assertTrue(apiCall.multipliedBy(2).compareTo(functionTimeout) <= 0,
                "api-call-timeout " + apiCall + " leaves too little of the function's " + functionTimeout);
    }

    static final Pattern OWN_METRIC_IN_ARRAY = Pattern.compile("\\[\\s*\"AnonymousAccess\",\\s*\"(\\w+)\",\\s*\"Function\",\\s*\"(\\w+)\"");
    static final Pattern OWN_METRIC_IN_SEARCH = Pattern.compile("\\{AnonymousAccess,[A-Za-z,]+} MetricName=\\\\\"(\\w+)\\\\\"");

    static Set<String> publishedMetrics() {
        return Stream.concat(Stream.of(Metric.values()).map(Metric::metricName), Stream.of(MetricsDocument.LATENCY))
                .collect(Collectors.toSet());
    }

    static Set<String> exports() {
        return permissions().keySet();
    }

    static Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new TreeMap<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            if (type.equals(resource.getValue().path("Type").asText())) {
                found.put(resource.getKey(), resource.getValue().path("Properties"));
            }
        });
        return found;
    }

    @Test
    void noAlarmDependsOnTheWordingOfALogMessage() {
        assertEquals(Map.of(), resourcesOfType("AWS::Logs::MetricFilter"));
    }

    @Test
    void everyAlarmReadsAMetricTheFunctionsPublishOrAnAwsMetric() {
        Map<String, JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        assertTrue(alarms.keySet().containsAll(Set.of("RefreshTokenReuseAlarm", "AuthorizerStoreFailureAlarm",
                "StoreFailuresAlarm", "ApiServerErrorRateAlarm")), alarms.keySet().toString());
        alarms.forEach((name, alarm) -> {
            List<JsonNode> metrics = new ArrayList<>();
            if (alarm.has("MetricName")) {
                metrics.add(alarm);
            }
            alarm.path("Metrics").forEach(query -> {
                if (query.has("MetricStat")) {
                    metrics.add(query.path("MetricStat").path("Metric"));
                }
            });
            assertTrue(!metrics.isEmpty(), name);
            for (JsonNode metric : metrics) {
                String namespace = metric.path("Namespace").asText();
                if (namespace.startsWith("AWS/")) {
                    continue;
                }
                assertEquals("AnonymousAccess", namespace, name);
                assertTrue(publishedMetrics().contains(metric.path("MetricName").asText()), name + ": " + metric);
                for (JsonNode dimension : metric.path("Dimensions")) {
                    assertEquals("Function", dimension.path("Name").asText(), name);
                    assertTrue(exports().contains(dimension.path("Value").asText()), name + ": " + dimension);
                }
            }
        });
    }

    @Test
    void theDashboardIsJsonAndShowsOnlyMetricsTheFunctionsPublish() throws IOException {
        String body = template.path("Resources").path("Dashboard").path("Properties").path("DashboardBody").asText();
        JsonNode dashboard = new ObjectMapper().readTree(body);
        assertTrue(dashboard.path("widgets").size() >= 8, body);

        Set<String> shown = new TreeSet<>();
        Matcher inArray = OWN_METRIC_IN_ARRAY.matcher(body);
        while (inArray.find()) {
            shown.add(inArray.group(1));
            assertTrue(exports().contains(inArray.group(2)), inArray.group());
        }
        Matcher inSearch = OWN_METRIC_IN_SEARCH.matcher(body);
        while (inSearch.find()) {
            shown.add(inSearch.group(1));
        }
        assertTrue(shown.containsAll(Set.of("UsersCreated", "AuthorizationsRefused", "StoreFailures", "Latency")),
                shown.toString());
        assertTrue(publishedMetrics().containsAll(shown), shown + " vs " + publishedMetrics());
    }

    @Test
    void everyFunctionLogsJsonToItsOwnLogGroup() {
        resourcesOfType("AWS::Serverless::Function").forEach((name, function) -> {
            assertEquals("JSON", function.path("LoggingConfig").path("LogFormat").asText(), name);
            assertTrue(function.path("LoggingConfig").has("LogGroup"), name);
        });
    }

    @Test
    void snapStartAppliesOnlyToTheJvmPackagingWhenAskedFor() {
        JsonNode parameter = template.at("/Parameters/SnapStart");
        assertEquals("off", parameter.path("Default").asText());
        // Tags (!And, !Equals, !Ref) are read as plain values: what matters is what each condition compares.
        String condition = template.at("/Conditions/UseSnapStart").toString();
        assertTrue(condition.contains("Packaging") && condition.contains("jvm") && condition.contains("SnapStart")
                && condition.contains("on"), condition);
        JsonNode applyOn = template.at("/Globals/Function/SnapStart/ApplyOn");
        assertEquals(List.of("UseSnapStart", "PublishedVersions", "None"),
                YAML.convertValue(applyOn, List.class), applyOn.toString());
    }

    @Test
    void theApiAndTheAuthorizerCallThePublishedAlias() {
        assertEquals("live", template.at("/Globals/Function/AutoPublishAlias").asText());
        assertEquals("AuthorizeFunction.Alias",
                template.at("/Resources/HttpApi/Properties/Auth/Authorizers/AnonymousToken/FunctionArn").asText());
    }
}
