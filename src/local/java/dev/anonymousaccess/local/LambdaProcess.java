package dev.anonymousaccess.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.quarkus.amazon.lambda.runtime.MockEventServer;

/**
 * One deployed function as the managed Java runtime runs it: AWS's runtime interface client in its own JVM, loading
 * the handler from the unpacked {@code function.zip} (task root and {@code lib/}), polling a Lambda Runtime API
 * (Quarkus's mock event server) for events.
 */
public final class LambdaProcess implements LambdaFunction, AutoCloseable {

    public static final String HANDLER = "dev.anonymousaccess.lambda.JvmStreamHandler::handleRequest";

    private final String name;
    private final RuntimeApiServer runtimeApi;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LambdaProcess(String name, Path taskRoot, Path ricDir, Path jniLibrary, Map<String, String> environment,
            Path logDir) throws IOException {
        this.name = name;
        this.runtimeApi = new RuntimeApiServer();
        runtimeApi.start(0);
        this.log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command(taskRoot, ricDir, jniLibrary))
                // Both runtimes load the function from the working directory, as Lambda does from /var/task.
                .directory(taskRoot.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // Only what Lambda gives a function: nothing of the shell that started this one reaches it.
        builder.environment().clear();
        builder.environment().putAll(processEnvironment(name, environment, taskRoot, runtimeApi.getPort()));
        this.process = builder.start();
    }

    /**
     * The whole environment of a function's process: the function's variables ({@link #environment}) and what the
     * Lambda service sets, as on AWS; no variable of the environment this process runs in.
     */
    static Map<String, String> processEnvironment(String name, Map<String, String> function, Path taskRoot,
            int runtimeApiPort) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("LANG", "en_US.UTF-8");
        environment.put("TZ", ":UTC");
        environment.putAll(function);
        environment.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApiPort + MockEventServer.BASE_PATH);
        environment.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        environment.put("_HANDLER", HANDLER);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", name);
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "local");
        return environment;
    }

    /**
     * A native build ({@code bootstrap} in the zip, as on provided.al2023) polls the Runtime API itself; the JVM build
     * runs under AWS's runtime interface client, as on the managed java21 runtime.
     */
    private static List<String> command(Path taskRoot, Path ricDir, Path jniLibrary) {
        Path bootstrap = taskRoot.resolve("bootstrap");
        if (Files.isRegularFile(bootstrap)) {
            bootstrap.toFile().setExecutable(true);
            return List.of(bootstrap.toAbsolutePath().toString());
        }
        // The managed java17/java21 runtimes' defaults: C1 only (tiered compilation stops at level 1) and the serial GC.
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                ricDir.toAbsolutePath() + "/*",
                // The client unpacks its JNI library to one fixed /tmp path; processes starting together would
                // overwrite each other's copy, so each loads one unpacked once, beforehand.
                "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + jniLibrary,
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER);
    }

    /**
     * A function's environment as the test deploys it: the template's variables for it, plus the endpoint of
     * DynamoDB and KMS (moto_server serves both) and the region and credentials the SDK needs.
     */
    public static Map<String, String> environment(Map<String, String> templateVariables, String dynamoDbEndpoint) {
        Map<String, String> environment = new LinkedHashMap<>(templateVariables);
        environment.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", dynamoDbEndpoint);
        environment.put("ANONYMOUS_ACCESS_JWT_KMS_ENDPOINT_OVERRIDE", dynamoDbEndpoint);
        environment.put("ANONYMOUS_ACCESS_EVENTS_ENDPOINT_OVERRIDE", dynamoDbEndpoint);
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        return environment;
    }

    /** Unpacks the runtime interface client's JNI library for this machine from its jar. */
    public static Path unpackJniLibrary(Path ricDir, Path target) throws IOException {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-aarch_64" : "linux-x86_64";
        try (var jars = Files.list(ricDir)) {
            Path ric = jars.filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                    .findFirst().orElseThrow(() -> new IOException("no runtime interface client in " + ricDir));
            try (FileSystem jar = FileSystems.newFileSystem(ric)) {
                Path library = target.resolve("libaws-lambda-jni.so").toAbsolutePath();
                Files.copy(jar.getPath("jni", "libaws-lambda-jni." + arch + ".so"), library,
                        StandardCopyOption.REPLACE_EXISTING);
                return library;
            }
        }
    }

    /** Sends one event and returns what the function answered: its result, or its error document. */
    @Override
    public Invocation invoke(String event) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " is not running; see " + log);
        }
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH))
                .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build();
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            while (true) {
                try {
                    HttpResponse<String> response = pending.get(200, TimeUnit.MILLISECONDS);
                    return new Invocation(response.statusCode() == 200, response.body());
                } catch (TimeoutException stillRunning) {
                    if (!process.isAlive()) {
                        pending.cancel(true);
                        throw new IllegalStateException(name + " exited while handling an event; see " + log);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " did not answer; see " + log, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the function has initialized and asks for events.
     *
     * @throws IllegalStateException when it exits or takes longer than {@code timeout}
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!runtimeApi.awaitFirstPoll(Duration.ofMillis(100))) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited during its initialization; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " did not initialize within " + timeout + "; see " + log);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path log() {
        return log;
    }

    /** Resident memory of the function's process now, in KiB (Linux), or -1 when unknown. */
    /** The function's process id (a benchmark may confine it to a CPU share, as Lambda does by memory size). */
    public long pid() {
        return process.pid();
    }

    public long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        ChildProcesses.stop(process);
        runtimeApi.close();
    }
}
