package dev.anonymousaccess.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.SampleEvents;

/**
 * Cold start and memory of the packaged functions, JVM and native side by side in one run: for every function of
 * {@code template.yaml}, the time from starting its process to its first answered event (each function's sample
 * event, which reads DynamoDB where the function does), and its resident memory after {@link #EVENTS} events.
 * Rounds interleave the builds and functions, so machine noise hits them alike.
 * Run: {@code bash .ci/benchmark-cold-start} (builds both packages first). Not part of the normal test run.
 */
@Tag("benchmark")
class ColdStartBenchmarkTest {

    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);
    static final int EVENTS = 50;
    static final Map<String, String> FIRST_EVENTS = Map.of(
            "admin", "admin-put-client.json", "create", "create.json", "authorize", "authorize-rest-token.json",
            "refresh", "refresh.json", "revoke", "revoke.json", "me", "me.json");

    record Build(String name, Path taskRoot) {
    }

    @Test
    void nativeAndJvmColdStartsSideBySide() throws Exception {
        List<Build> builds = new ArrayList<>();
        for (String name : List.of("jvm", "native")) {
            String zip = System.getProperty("benchmark." + name + ".zip");
            assertTrue(zip != null && Files.isRegularFile(Path.of(zip)),
                    "set -Dbenchmark." + name + ".zip (bash .ci/benchmark-cold-start does)");
            Path root = Path.of("target", "benchmark", name);
            LambdaRuntimeIT.unzip(Path.of(zip), root);
            builds.add(new Build(name, root));
        }
        MotoServer moto = new MotoServer();
        Map<String, String> store = moto.start();
        try {
            SamTemplate template = SamTemplate.read(Path.of("template.yaml"),
                    Map.of("Table", store.get("anonymous-access.table-name")));
            Path work = Files.createDirectories(Path.of("target", "benchmark"));
            Path jni = LambdaProcess.unpackJniLibrary(Path.of(System.getProperty("lambda.ric.dir",
                    "target/lambda-ric")), work);
            Map<String, List<Long>> startMillis = new LinkedHashMap<>();
            Map<String, List<Long>> residentKib = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                List<Build> order = new ArrayList<>(builds);
                Collections.shuffle(order);
                for (Build build : order) {
                    for (var function : template.functionEnvironments().entrySet()) {
                        String export = function.getValue().get("QUARKUS_FUNQY_EXPORT");
                        String key = export + " " + build.name();
                        Map<String, String> environment = new LinkedHashMap<>(function.getValue());
                        environment.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE",
                                store.get(MotoServer.DIRECT_ENDPOINT));
                        environment.put("AWS_REGION", "us-east-1");
                        environment.put("AWS_ACCESS_KEY_ID", "test");
                        environment.put("AWS_SECRET_ACCESS_KEY", "test");
                        String event = SampleEvents.read(FIRST_EVENTS.get(export));
                        long started = System.nanoTime();
                        try (LambdaProcess process = new LambdaProcess(key.replace(' ', '-'), build.taskRoot(),
                                Path.of(System.getProperty("lambda.ric.dir", "target/lambda-ric")), jni,
                                environment, work)) {
                            process.invoke(event);
                            startMillis.computeIfAbsent(key, k -> new ArrayList<>())
                                    .add((System.nanoTime() - started) / 1_000_000);
                            for (int i = 1; i < EVENTS; i++) {
                                process.invoke(event);
                            }
                            residentKib.computeIfAbsent(key, k -> new ArrayList<>()).add(process.residentKib());
                        }
                    }
                }
            }
            report(startMillis, residentKib);
        } finally {
            moto.stop();
        }
    }

    private static void report(Map<String, List<Long>> startMillis, Map<String, List<Long>> residentKib)
            throws IOException {
        StringBuilder table = new StringBuilder(String.format(
                "Cold start (process start to first answered event) and RSS after %d events, median of %d rounds%n",
                EVENTS, ROUNDS));
        table.append("| function | JVM start | native start | ratio | JVM RSS | native RSS |\n|---|---|---|---|---|---|\n");
        for (String export : List.of("create", "refresh", "revoke", "authorize", "me", "admin")) {
            long jvm = median(startMillis.get(export + " jvm"));
            long nat = median(startMillis.get(export + " native"));
            table.append(String.format("| %s | %d ms | %d ms | %.1fx | %d MiB | %d MiB |%n", export, jvm, nat,
                    (double) jvm / Math.max(1, nat), median(residentKib.get(export + " jvm")) / 1024,
                    median(residentKib.get(export + " native")) / 1024));
        }
        System.out.println(table);
        Files.writeString(Path.of("target", "benchmark", "cold-start.md"), table);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
