package dev.anonymousaccess.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Everything {@code ./run-local.sh} runs, on loopback and without Docker: moto_server with the table, every function
 * of {@code template.yaml} from the packaged {@code function.zip} (each in its own process, as Lambda runs it), the
 * demo client app registered through the {@code admin} function, then the HTTP API of the template, the demo web app
 * as a second origin, and Lambda's Invoke API for {@code admin}. The API opens only once the table and the demo
 * client exist.
 */
public final class LocalDeployment implements AutoCloseable {

    /** The table's name in the local moto_server. */
    public static final String TABLE = "anonymous-access";
    /** Template parameters of every local run, unless overridden: client apps read afresh by every request. */
    static final Map<String, String> LOCAL_PARAMETERS = Map.of("ClientCacheTtl", "0s");
    /** Where a running deployment writes the port of its Invoke API, for {@code ./run-local.sh admin}. */
    public static final String LAMBDA_PORT_FILE = "lambda-port";
    /** The local lifecycle event bus (the template's is named after its stack). */
    public static final String EVENT_BUS = "anonymous-access-lifecycle";
    /** Every lifecycle event, one JSON object per line, as a rule's target receives it. */
    public static final String EVENTS_FILE = "events.jsonl";
    /** Batches of stream records the lifecycle function could not handle (AWS: the failure queue). */
    public static final String LIFECYCLE_FAILURES_FILE = "lifecycle-failures.jsonl";

    /** The ports to open; 0 takes a free one. {@code jwtApi}: the example API behind API Gateway's JWT authorizer. */
    public record Ports(int api, int demo, int lambda, int jwtApi) {

        public static Ports anyFree() {
            return new Ports(0, 0, 0, 0);
        }
    }

    /**
     * Where things are, which ports to open, and which demo client app to register. Start from {@link #standard()}
     * (what {@code ./run-local.sh} runs) and change what differs by name.
     *
     * @param parameterOverrides template parameters that replace their defaults (as {@code sam --parameter-overrides})
     * @param printAccessLog print one line per request (a person watching), or keep them for {@link #accessLog()}
     */
    public record Settings(Path template, Path functionZip, Path ricDir, Path demoSite, Path workDir, Ports ports,
            DemoClientApp demoApp, Map<String, String> parameterOverrides, boolean printAccessLog) {

        /**
         * What {@code ./run-local.sh} runs, from the project's root directory. Locally every function reads client
         * apps afresh ({@code ClientCacheTtl=0s}): an operator's change (a new app, new origins) works at once, where
         * in AWS each instance keeps what it read for the cache's TTL.
         */
        public static Settings standard() {
            return new Settings(Path.of("template.yaml"), Path.of("target", "function.zip"),
                    Path.of("target", "lambda-ric"), Path.of("demo"), Path.of("target", "local"),
                    new Ports(8080, 3000, 3001, 8081), DemoClientApp.standard(), LOCAL_PARAMETERS, true);
        }

        public Settings withArtifacts(Path newFunctionZip, Path newRicDir) {
            return new Settings(template, newFunctionZip, newRicDir, demoSite, workDir, ports, demoApp,
                    parameterOverrides, printAccessLog);
        }

        public Settings withWorkDir(Path newWorkDir) {
            return new Settings(template, functionZip, ricDir, demoSite, newWorkDir, ports, demoApp,
                    parameterOverrides, printAccessLog);
        }

        public Settings withPorts(Ports newPorts) {
            return new Settings(template, functionZip, ricDir, demoSite, workDir, newPorts, demoApp,
                    parameterOverrides, printAccessLog);
        }

        /** The local parameters, with {@code overrides} replacing or adding to them. */
        public Settings withParameterOverrides(Map<String, String> overrides) {
            Map<String, String> parameters = new LinkedHashMap<>(LOCAL_PARAMETERS);
            parameters.putAll(overrides);
            return new Settings(template, functionZip, ricDir, demoSite, workDir, ports, demoApp, Map.copyOf(parameters),
                    printAccessLog);
        }

        /** Requests are kept for {@link LocalDeployment#accessLog()} instead of printed. */
        public Settings withAccessLogKept() {
            return new Settings(template, functionZip, ricDir, demoSite, workDir, ports, demoApp, parameterOverrides,
                    false);
        }
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, LambdaProcess> functions = new LinkedHashMap<>();
    private final List<String> accessLog = new CopyOnWriteArrayList<>();
    private SamTemplate template;
    private String dynamoDbEndpoint;
    private ApiServer api;
    private ApiServer jwtApi;
    private StaticSite site;
    private LambdaInvokeEndpoint lambda;
    private LocalEventBus eventBus;
    private StreamDelivery streamDelivery;

    private LocalDeployment() {
    }

    public static LocalDeployment start(Settings settings) throws IOException {
        LocalDeployment deployment = new LocalDeployment();
        try {
            deployment.deploy(settings);
            return deployment;
        } catch (IOException | RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    private void deploy(Settings settings) throws IOException {
        MotoServerProcess moto = MotoServerProcess.start();
        started.add(moto);
        moto.createTable(TABLE);
        String signingKeysKey = moto.createKey();
        dynamoDbEndpoint = moto.endpoint();

        Path taskRoot = settings.workDir().resolve("task");
        FunctionZip.unzip(settings.functionZip(), taskRoot);
        Path logs = Files.createDirectories(settings.workDir().resolve("logs"));
        // The issuer is the API's own URL, so its port is taken before the functions learn it.
        int apiPort = settings.ports().api() == 0 ? freePort() : settings.ports().api();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("JwtIssuer", "http://localhost:" + apiPort);
        parameters.put("DeployExampleJwtApi", "on");
        parameters.putAll(settings.parameterOverrides());
        template = SamTemplate.read(settings.template(), Map.of("Table", TABLE, "SigningKeysKey.Arn", signingKeysKey,
                "LifecycleEventBus", EVENT_BUS), parameters);
        eventBus = LocalEventBus.create(dynamoDbEndpoint, EVENT_BUS, settings.workDir().resolve(EVENTS_FILE),
                settings.printAccessLog() ? System.out::println : line -> { });
        started.add(eventBus);
        Path jni = LambdaProcess.unpackJniLibrary(settings.ricDir(), settings.workDir());
        // All at once (each one's initialization is mostly CPU, and they share the machine's cores), then "ready" means
        // ready: every function initialized, so a first request pays only its own first-call work.
        for (String function : template.functionEnvironments().keySet()) {
            startFunction(function, taskRoot, settings.ricDir(), jni, logs);
        }
        functions.values().forEach(f -> f.awaitReady(Duration.ofSeconds(120)));

        site = new StaticSite(settings.ports().demo(), Map.of("/", settings.demoSite(), "/lib/",
                settings.demoSite().resolveSibling(Path.of("clients", "js", "src"))));
        started.add(site);
        List<String> origins = new ArrayList<>();
        origins.add("http://localhost:" + site.port());
        origins.addAll(settings.demoApp().extraOrigins());
        registerDemoClient(settings.demoApp(), origins);
        // The table's stream to the lifecycle function, as Lambda's event source mapping delivers it.
        streamDelivery = new StreamDelivery(TableStream.of(dynamoDbEndpoint, TABLE), functions.get(resource("lifecycle")),
                settings.workDir().resolve(LIFECYCLE_FAILURES_FILE));
        started.add(streamDelivery);

        // Printed for a person (./run-local.sh runs for hours), or kept for a test to read: never both.
        api = new ApiServer(apiPort, new HttpApi(template, functions, Clock.systemUTC()),
                settings.printAccessLog() ? System.out::println : accessLog::add);
        started.add(api);
        for (SamTemplate.JwtApi guarded : template.jwtApis()) {
            jwtApi = new ApiServer(settings.ports().jwtApi(), HttpApi.guardedByJwt(template, guarded,
                    new LocalJwtAuthorizer(guarded.issuer(), guarded.audiences(), Clock.systemUTC()), functions,
                    Clock.systemUTC()), settings.printAccessLog() ? System.out::println : accessLog::add);
            started.add(jwtApi);
        }
        lambda = new LambdaInvokeEndpoint(settings.ports().lambda(), functions, template, this::expire);
        started.add(lambda);
        Files.writeString(settings.workDir().resolve(LAMBDA_PORT_FILE), Integer.toString(lambda.port()));
    }

    private void startFunction(String name, Path taskRoot, Path ricDir, Path jni, Path logs) throws IOException {
        LambdaProcess process = new LambdaProcess(name, taskRoot, ricDir, jni,
                LambdaProcess.environment(template.functionEnvironments().get(name),
                        dynamoDbEndpoint), logs);
        started.add(process);
        functions.put(name, process);
    }

    private String resource(String export) {
        return template.functionExporting(export)
                .orElseThrow(() -> new IllegalArgumentException("no function exports " + export));
    }

    /**
     * Through the {@code admin} function, as an operator registers a client app in AWS: the demo app, and its twin in
     * the {@code jwt} format (whose registration publishes the deployment's first signing key).
     */
    private void registerDemoClient(DemoClientApp demoApp, List<String> origins) throws IOException {
        for (boolean jwt : List.of(false, true)) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("action", "putClient");
            request.put("clientId", jwt ? demoApp.jwtClientId() : demoApp.clientId());
            request.put("name", jwt ? demoApp.name() + " (JWT)" : demoApp.name());
            request.put("allowedOrigins", origins);
            if (jwt) {
                request.put("tokenFormat", "jwt");
                request.put("accessTokenLifetime", "PT15M");
            }
            LambdaFunction.Invocation registered = invoke("admin", new ObjectMapper().writeValueAsString(request));
            if (!registered.ok()) {
                throw new IllegalStateException("could not register the demo client app: " + registered.payload());
            }
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 0,
                java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Invokes a function by its export name ({@code admin}, {@code authorize}, ...). */
    public LambdaFunction.Invocation invoke(String export, String event) {
        return functions.get(resource(export)).invoke(event);
    }

    /**
     * One line per request the API answered, oldest first: {@code METHOD path status}, then the time taken. Empty when
     * the lines are printed instead ({@link Settings#printAccessLog()}).
     */
    public List<String> accessLog() {
        return List.copyOf(accessLog);
    }

    public String apiUrl() {
        return "http://localhost:" + api.port();
    }

    /** The template as this deployment serves it: its parameters' values, overrides included. */
    public SamTemplate template() {
        return template;
    }

    /** The example API behind API Gateway's JWT authorizer (its {@code GET /me}), as played locally. */
    public String jwtApiUrl() {
        return jwtApi == null ? null : "http://localhost:" + jwtApi.port();
    }

    public String siteUrl() {
        return "http://localhost:" + site.port();
    }

    public int lambdaPort() {
        return lambda.port();
    }

    public String tableName() {
        return TABLE;
    }

    /** Every lifecycle event published so far, oldest first, as a rule's target receives it. */
    public List<com.fasterxml.jackson.databind.JsonNode> lifecycleEvents() {
        return eventBus.events();
    }

    /**
     * Deletes an anonymous user as DynamoDB's TTL would (moto performs no TTL deletion): the stream's record of it
     * carries TTL's service identity, so the lifecycle function publishes {@code UserExpired}.
     *
     * @return false when there is no such anonymous user
     */
    public boolean expire(String userId) {
        String pk = "USER#" + userId;
        streamDelivery.expireByTtl(pk);
        try (var dynamo = MotoServerProcess.client(dynamoDbEndpoint)) {
            dynamo.deleteItem(b -> b.tableName(TABLE).key(Map.of("pk",
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(pk)))
                    .conditionExpression("attribute_exists(#ttl) AND #type = :user")
                    .expressionAttributeNames(Map.of("#ttl", "ttl", "#type", "type"))
                    .expressionAttributeValues(Map.of(":user",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("user"))));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            return false;
        }
    }

    public String dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        started.clear();
    }

    /**
     * {@code ./run-local.sh}: environment {@code API_PORT} (8080), {@code DEMO_PORT} (3000), {@code LAMBDA_PORT}
     * (3001), {@code PARAMETER_OVERRIDES} ({@code Name=value ...}); stops everything on Ctrl-C.
     */
    public static void main(String[] args) throws Exception {
        Instant begun = Instant.ofEpochMilli(Long.parseLong(System.getenv().getOrDefault("LOCAL_STARTED_AT_MS",
                Long.toString(System.currentTimeMillis()))));
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String pair : System.getenv().getOrDefault("PARAMETER_OVERRIDES", "").trim().split("\\s+")) {
            if (pair.contains("=")) {
                overrides.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        Settings settings = Settings.standard()
                .withPorts(new Ports(port("API_PORT", 8080), port("DEMO_PORT", 3000), port("LAMBDA_PORT", 3001),
                        port("JWT_API_PORT", 8081)))
                .withParameterOverrides(overrides);
        LocalDeployment deployment = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the local deployment");
            deployment.close();
        }));
        System.out.printf("""
                API (template.yaml's routes)   %s   (JWT issuer; /.well-known/openid-configuration)
                JWT-guarded example API        %s/me   (API Gateway's JWT authorizer, played)
                demo web app                   %s
                Lambda Invoke API              http://127.0.0.1:%d   (./run-local.sh admin '{...}' finds it)
                DynamoDB (moto_server)         %s   table %s
                function logs                  %s
                ready in %.1f s; Ctrl-C stops everything
                """, deployment.apiUrl(), deployment.jwtApiUrl(), deployment.siteUrl() + "/"
                        + (deployment.apiUrl().equals("http://localhost:8080") ? "" : "?api=" + deployment.apiUrl()),
                deployment.lambdaPort(),
                deployment.dynamoDbEndpoint(), deployment.tableName(), settings.workDir().resolve("logs"),
                Duration.between(begun, Instant.now()).toMillis() / 1000.0);
        Thread.currentThread().join(); // until Ctrl-C
    }

    private static int port(String variable, int fallback) {
        return Integer.parseInt(System.getenv().getOrDefault(variable, Integer.toString(fallback)));
    }
}
