package dev.anonymousaccess.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assumptions;

import dev.anonymousaccess.local.LocalEventBus;
import dev.anonymousaccess.local.MotoServerProcess;
import dev.anonymousaccess.store.TableCreation;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real DynamoDB-compatible server for the tests: moto_server on a free loopback port, with the table created as
 * the template declares it. Set {@code DYNAMODB_ENDPOINT} (and AWS credentials/region) to run the same tests against
 * another server, or DynamoDB itself; a fresh table is then created per test class.
 */
public class MotoServer implements QuarkusTestResourceLifecycleManager {

    /** Where tests read and reset the table behind the application's back, bypassing the fault proxy. */
    public static final String DIRECT_ENDPOINT = "test.dynamodb.direct-endpoint";
    /** The lifecycle event bus of every test application. */
    public static final String EVENT_BUS = "anonymous-access-lifecycle-test";
    /** The JWT issuer of every test application (the API's URL in a deployment). */
    public static final String ISSUER = "https://api.example.com";

    // The server and proxy of the running Quarkus application (the first started, until it stops): another instance
    // started meanwhile (a store contract test) must not take them over.
    private static volatile Process running;
    private static volatile DynamoDbProxy proxy;
    private static volatile EventBridgeProxy eventBridge;
    private static volatile LocalEventBus eventBus;
    private static volatile String directEndpoint;
    /** Set by {@link #freeze()} until {@link #thaw()}: a frozen server must not outlive its test. */
    private static volatile boolean frozen;
    private MotoServerProcess server;
    private Process process;
    private DynamoDbProxy ownProxy;
    private EventBridgeProxy ownEventBridge;
    private LocalEventBus ownEventBus;
    private Path ownEventsFile;
    private CaptchaServices captcha;
    private String externalEndpoint;
    private String externalTable;
    /** Whether the table has its stream: only for the tests that read it ({@link #STREAM}). */
    private boolean withStream;

    /** The init argument ({@code @ResourceArg(name = STREAM, value = "true")}) for a table with its stream. */
    public static final String STREAM = "stream";

    @Override
    public void init(Map<String, String> initArgs) {
        withStream = Boolean.parseBoolean(initArgs.getOrDefault(STREAM, "false"));
    }

    /**
     * Freezes the server (SIGSTOP): connections hang, as when DynamoDB does not answer. Tests that need it are skipped
     * when the suite runs against an external endpoint.
     */
    public static void freeze() {
        assumeOwnServer();
        frozen = true;
        signal("STOP");
    }

    /** Skips the calling test unless the suite runs its own moto_server (outages cannot be simulated otherwise). */
    public static void assumeOwnServer() {
        Assumptions.assumeTrue(running != null, "outages can only be simulated with the suite's own moto_server");
    }

    public static void thaw() {
        signal("CONT");
        frozen = false;
    }

    /**
     * What {@code call} answers when the server stops answering just before the application's next {@code operation}
     * (so that call times out); the server runs again afterwards.
     */
    public static <T> T frozenBeforeNext(String operation, Supplier<T> call) {
        assumeOwnServer();
        SdkCallCounter.beforeNext(operation, MotoServer::freeze);
        try {
            return call.get();
        } finally {
            thaw();
        }
    }

    /** The running application's EventBridge proxy (to refuse PutEvents entries). */
    public static EventBridgeProxy eventBridge() {
        assumeOwnServer();
        return eventBridge;
    }

    /** The running application's lifecycle event bus, with every event received so far. */
    public static LocalEventBus eventBus() {
        assumeOwnServer();
        return eventBus;
    }

    /** The running application's moto_server, without the proxy (its SSM serves the bot check's secrets). */
    public static String directEndpoint() {
        assumeOwnServer();
        return directEndpoint;
    }

    /**
     * Clears the proxy's counts and armed faults, the SDK-side hooks ({@link SdkCallCounter}), and lets a server some
     * test froze run again: no fault outlives its test, even one whose test ended before it fired.
     */
    public static void resetFaults() {
        DynamoDbProxy current = proxy;
        if (current != null) {
            current.reset();
        }
        EventBridgeProxy events = eventBridge;
        if (events != null) {
            events.reset();
        }
        SdkCallCounter.reset();
        Process server = running;
        if (server != null && (frozen || stopped(server))) {
            thaw();
        }
    }

    /** Whether the process is stopped (Linux: state T in /proc); false where that cannot be read. */
    private static boolean stopped(Process process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return state.startsWith("T") || state.startsWith("t");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The fault-injecting proxy between the application and the suite's own moto_server (tests that need it are
     * skipped against an external endpoint, whose requests are signed for its own host).
     */
    public static DynamoDbProxy proxy() {
        assumeOwnServer();
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        String tableName = "anonymous-access-test-" + UUID.randomUUID();
        String external = System.getenv("DYNAMODB_ENDPOINT");
        if (external != null && !external.isBlank()) {
            try (DynamoDbClient dynamo = client(external, null)) {
                TableCreation.createIfMissing(dynamo, tableName, withStream);
            }
            externalEndpoint = external;
            externalTable = tableName;
            return Map.of("quarkus.dynamodb.endpoint-override", external, "anonymous-access.table-name", tableName,
                    DIRECT_ENDPOINT, external);
        }
        String endpoint = startMoto();
        server.createTable(tableName, withStream);
        try {
            ownProxy = new DynamoDbProxy(endpoint);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the DynamoDB proxy", e);
        }
        synchronized (MotoServer.class) {
            if (running == null) {
                running = process;
                proxy = ownProxy;
                directEndpoint = endpoint;
            }
        }
        Map<String, String> properties = new HashMap<>(Map.of(
                DIRECT_ENDPOINT, endpoint,
                "quarkus.dynamodb.endpoint-override", ownProxy.endpoint(),
                "quarkus.dynamodb.aws.region", "us-east-1",
                "quarkus.dynamodb.aws.credentials.type", "static",
                "quarkus.dynamodb.aws.credentials.static-provider.access-key-id", "test",
                "quarkus.dynamodb.aws.credentials.static-provider.secret-access-key", "test",
                "anonymous-access.table-name", tableName));
        // KMS on the same moto_server, for the signing keys' private halves; the SDK's region and credentials (the
        // KMS client is the SDK's own, configured as in Lambda, where both come from the environment).
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        properties.put("anonymous-access.jwt.kms-key-id", server.createKey());
        properties.put("anonymous-access.jwt.kms-endpoint-override", endpoint);
        properties.put("anonymous-access.jwt.issuer", ISSUER);
        // Lifecycle events: a bus on the same moto_server, behind a proxy that can refuse entries, and a subscriber.
        try {
            ownEventBridge = new EventBridgeProxy(endpoint);
            ownEventsFile = Files.createTempFile("lifecycle-events-", ".jsonl");
            ownEventBus = LocalEventBus.createUnwatched(endpoint, EVENT_BUS, ownEventsFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up the event bus", e);
        }
        synchronized (MotoServer.class) {
            if (running == process) {
                eventBridge = ownEventBridge;
                eventBus = ownEventBus;
            }
        }
        properties.put("anonymous-access.events.bus-name", EVENT_BUS);
        properties.put("anonymous-access.events.endpoint-override", ownEventBridge.endpoint());
        // The bot check's provider and secret store, so that every application can be asked for one.
        captcha = new CaptchaServices();
        properties.putAll(captcha.start());
        return properties;
    }

    @Override
    public void stop() {
        if (externalTable != null) {
            try (DynamoDbClient dynamo = client(externalEndpoint, null)) {
                dynamo.deleteTable(b -> b.tableName(externalTable));
            }
        }
        synchronized (MotoServer.class) {
            if (running == process) {
                running = null;
                proxy = null;
                directEndpoint = null;
                eventBridge = null;
                eventBus = null;
            }
        }
        if (ownProxy != null) {
            ownProxy.close();
        }
        if (ownEventBridge != null) {
            ownEventBridge.close();
        }
        if (ownEventBus != null) {
            ownEventBus.close();
            try {
                Files.deleteIfExists(ownEventsFile);
            } catch (IOException e) {
                // A file left in the temporary directory is untidy, not wrong.
            }
        }
        if (captcha != null) {
            captcha.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private String startMoto() {
        server = MotoServerProcess.start();
        process = server.process();
        return server.endpoint();
    }

    /** A client as the application's, for the properties {@link #start()} returned (through the fault proxy). */
    public static DynamoDbClient applicationClient(Map<String, String> properties) {
        String region = properties.get("quarkus.dynamodb.aws.region");
        return client(properties.get("quarkus.dynamodb.endpoint-override"), region == null ? null : Region.of(region));
    }

    static DynamoDbClient client(String endpoint, Region region) {
        var builder = DynamoDbClient.builder().endpointOverride(URI.create(endpoint))
                .httpClient(UrlConnectionHttpClient.create());
        if (region != null) {
            builder.region(region).credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
        }
        return builder.build();
    }

    private static void signal(String signal) {
        Process target = running;
        if (target == null) {
            throw new IllegalStateException("no moto_server of this test run is running");
        }
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-" + signal, Long.toString(target.pid())).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Delivered before returning even when interrupted: a STOP still on its way could land after a later CONT.
        boolean interrupted = false;
        while (true) {
            try {
                if (kill.waitFor() != 0) {
                    throw new IllegalStateException("kill -" + signal + " failed");
                }
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
