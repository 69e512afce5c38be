package dev.anonymousaccess.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.anonymousaccess.store.TableCreation;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * moto_server, a DynamoDB-compatible server, on a free loopback port: what the local deployment stores its table in
 * and what the tests run against, started by {@link MotoLauncher}. {@code MOTO_SERVER} names another executable, run
 * as it is.
 *
 * @param process the server's process (the tests stop and continue it to simulate a DynamoDB that does not answer)
 * @param log the file its output goes to
 * @param endpoint its URL on loopback
 */
public record MotoServerProcess(Process process, Path log, String endpoint) implements AutoCloseable {

    /** How long a fresh server may take to open its port (it is usually ready in half a second). */
    private static final Duration STARTUP = Duration.ofSeconds(30);

    /** @throws IllegalStateException when moto_server cannot be started or does not open its port */
    public static MotoServerProcess start() {
        int port = freePort();
        Path log;
        Process process;
        String executable = System.getenv("MOTO_SERVER");
        try {
            log = Files.createTempFile("moto-server-", ".log");
            try {
                process = start(MotoLauncher.command(executable, port), log);
            } catch (IOException noPython) {
                if (executable != null) {
                    throw noPython;
                }
                process = start(MotoLauncher.command("moto_server", port), log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server (pip install \"moto[server]\"): "
                    + e.getMessage(), e);
        }
        // Even when this JVM dies without closing it, no server keeps its port.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        MotoServerProcess server = new MotoServerProcess(process, log, "http://127.0.0.1:" + port);
        server.awaitPort(port);
        return server;
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Creates {@code tableName} as the template declares it (key, TTL, stream), unless it exists. */
    public void createTable(String tableName) {
        createTable(tableName, true);
    }

    /** The same, the stream only when {@code withStream} ({@link TableCreation}). */
    public void createTable(String tableName, boolean withStream) {
        try (DynamoDbClient dynamo = client(endpoint)) {
            TableCreation.createIfMissing(dynamo, tableName, withStream);
        }
    }

    /**
     * A symmetric KMS key on this server, as the template creates one to protect the signing keys' private halves.
     *
     * @return its ARN
     */
    public String createKey() {
        try (KmsClient kms = KmsClient.builder().endpointOverride(URI.create(endpoint))
                .httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            return kms.createKey(b -> b.description("anonymous-access signing keys")).keyMetadata().arn();
        }
    }

    /** A client of this server (static test credentials, us-east-1). */
    public static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint))
                .httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** Stops the server and deletes its log, which nothing reads after the server is gone. */
    @Override
    public void close() {
        ChildProcesses.stop(process);
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // A log left in the temporary directory is untidy, not wrong.
        }
    }

    private void awaitPort(int port) {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + readLog());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        close();
        throw new IllegalStateException("moto_server did not open port " + port + ": " + readLog());
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
