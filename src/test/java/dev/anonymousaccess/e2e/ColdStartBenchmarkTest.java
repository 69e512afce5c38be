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

import com.fasterxml.jackson.databind.JsonNode;

import dev.anonymousaccess.local.FunctionZip;
import dev.anonymousaccess.local.LambdaFunction;
import dev.anonymousaccess.local.LambdaProcess;
import dev.anonymousaccess.local.SamTemplate;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.SampleEvents;
import dev.anonymousaccess.testing.TokenText;

/**
 * Cold start, warm latency and memory of the packaged functions, builds side by side in one run: for every function
 * of {@code template.yaml}, the time from starting its process to its first answered event (each function's sample
 * event, which reads DynamoDB where the function does), the median time of the next {@link #EVENTS} events, and its
 * resident memory after them. Rounds interleave the builds and functions, so machine noise hits them alike.
 * Builds: {@code -Dbenchmark.builds=name=zip,name=zip,...} (any number, e.g. before and after a change; one zip may
 * appear under several names), or {@code -Dbenchmark.jvm.zip} and {@code -Dbenchmark.native.zip};
 * {@code -Dbenchmark.env.<name>=KEY=value;KEY=value} adds environment variables to one build's processes (to take a
 * feature out, say); {@code -Dbenchmark.functions=authorize,...} limits the functions. Run: {@code bash .ci/benchmark-cold-start} (builds JVM and native first). Not part of the normal
 * test run.
 */
@Tag("benchmark")
class ColdStartBenchmarkTest {

    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);
    static final int EVENTS = Integer.getInteger("benchmark.events", 50);
    /**
     * {@code -Dbenchmark.memory.mb=256}: each function process gets the CPU share Lambda gives that memory size (one
     * vCPU at 1,769 MB), through a Linux cgroup's CPU quota (root only); unset, processes run unconfined.
     */
    static final int MEMORY_MB = Integer.getInteger("benchmark.memory.mb", 0);
    /** Each function's event; the authorizer's carries a real user's token, so it measures the allowed path. */
    static final Map<String, String> FIRST_EVENTS = Map.of(
            "admin", "admin-put-client.json", "create", "create.json", "authorize", "authorize-http-api.json",
            "refresh", "refresh.json", "revoke", "revoke.json", "me", "me.json", "claim", "claim.json");
    static final List<String> EXPORTS = List.of("create", "refresh", "claim", "revoke", "authorize", "me", "admin");

    record Build(String name, Path taskRoot) {
    }

    static Map<String, Path> zips() {
        Map<String, Path> zips = new LinkedHashMap<>();
        String builds = System.getProperty("benchmark.builds", "");
        if (builds.isBlank()) {
            for (String name : List.of("jvm", "native")) {
                String zip = System.getProperty("benchmark." + name + ".zip");
                assertTrue(zip != null, "set -Dbenchmark.builds or -Dbenchmark." + name
                        + ".zip (bash .ci/benchmark-cold-start does)");
                zips.put(name, Path.of(zip));
            }
        } else {
            for (String build : builds.split(",")) {
                String[] nameAndZip = build.split("=", 2);
                zips.put(nameAndZip[0].trim(), Path.of(nameAndZip[1].trim()));
            }
        }
        zips.values().forEach(zip -> assertTrue(Files.isRegularFile(zip), "no " + zip));
        return zips;
    }

    static Map<String, String> extraEnvironment(String build) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String pair : System.getProperty("benchmark.env." + build, "").split(";")) {
            if (!pair.isBlank()) {
                String[] keyAndValue = pair.split("=", 2);
                environment.put(keyAndValue[0].trim(), keyAndValue[1].trim());
            }
        }
        return environment;
    }

    @Test
    void buildsSideBySide() throws Exception {
        List<Build> builds = new ArrayList<>();
        for (var zip : zips().entrySet()) {
            Path root = Path.of("target", "benchmark", zip.getKey());
            FunctionZip.unzip(zip.getValue(), root);
            builds.add(new Build(zip.getKey(), root));
        }
        List<String> exports = List.of(System.getProperty("benchmark.functions", String.join(",", EXPORTS)).split(","));
        MotoServer moto = new MotoServer();
        Map<String, String> store = moto.start();
        try {
            SamTemplate template = SamTemplate.read(Path.of("template.yaml"),
                    Map.of("Table", store.get("anonymous-access.table-name")));
            Path work = Files.createDirectories(Path.of("target", "benchmark"));
            Path jni = LambdaProcess.unpackJniLibrary(Path.of(System.getProperty("lambda.ric.dir",
                    "target/lambda-ric")), work);
            Map<String, String> events = new LinkedHashMap<>();
            Map<String, Map<String, String>> environments = new LinkedHashMap<>();
            for (var function : template.functionEnvironments().values()) {
                environments.put(function.get("QUARKUS_FUNQY_EXPORT"),
                        LambdaProcess.environment(function, store.get(MotoServer.DIRECT_ENDPOINT)));
            }
            Path ric = Path.of(System.getProperty("lambda.ric.dir", "target/lambda-ric"));
            // One real user (the sample client app's), so that the authorizer's event is the allowed steady state.
            Build seeder = builds.get(0);
            try (LambdaProcess admin = new LambdaProcess("seed-admin", seeder.taskRoot(), ric, jni,
                    environments.get("admin"), work);
                    LambdaProcess create = new LambdaProcess("seed-create", seeder.taskRoot(), ric, jni,
                            environments.get("create"), work)) {
                assertTrue(admin.invoke(SampleEvents.read("admin-put-client.json")).ok());
                JsonNode token = HttpResult.of(create.invoke(SampleEvents.read("create.json")).payload()).body()
                        .get("token");
                String access = token.get("access_token").asText();
                events.put("authorize", SampleEvents.read(FIRST_EVENTS.get("authorize"), access,
                        token.get("refresh_token").asText(), TokenText.userIdOf(access)));
            }
            CpuShare cpuShare = CpuShare.forMemory(MEMORY_MB);
            Map<String, List<Long>> startMillis = new LinkedHashMap<>();
            Map<String, List<Long>> warmMicros = new LinkedHashMap<>();
            Map<String, List<Long>> residentKib = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                List<Build> order = new ArrayList<>(builds);
                Collections.shuffle(order);
                for (Build build : order) {
                    for (var function : template.functionEnvironments().entrySet()) {
                        String export = function.getValue().get("QUARKUS_FUNQY_EXPORT");
                        if (!exports.contains(export)) {
                            continue;
                        }
                        String key = export + " " + build.name();
                        String event = events.computeIfAbsent(export, e -> SampleEvents.read(FIRST_EVENTS.get(e)));
                        long started = System.nanoTime();
                        Map<String, String> environment = new LinkedHashMap<>(environments.get(export));
                        environment.putAll(extraEnvironment(build.name()));
                        try (LambdaProcess process = new LambdaProcess(key.replace(' ', '-'), build.taskRoot(), ric,
                                jni, environment, work)) {
                            cpuShare.confine(process.pid());
                            process.invoke(event);
                            startMillis.computeIfAbsent(key, k -> new ArrayList<>())
                                    .add((System.nanoTime() - started) / 1_000_000);
                            List<Long> warm = new ArrayList<>();
                            for (int i = 0; i < EVENTS; i++) {
                                long sent = System.nanoTime();
                                process.invoke(event);
                                warm.add((System.nanoTime() - sent) / 1_000);
                            }
                            warmMicros.computeIfAbsent(key, k -> new ArrayList<>()).add(median(warm));
                            residentKib.computeIfAbsent(key, k -> new ArrayList<>()).add(process.residentKib());
                        }
                    }
                }
            }
            report(builds, exports, startMillis, warmMicros, residentKib);
        } finally {
            moto.stop();
        }
    }

    private static void report(List<Build> builds, List<String> exports, Map<String, List<Long>> startMillis,
            Map<String, List<Long>> warmMicros, Map<String, List<Long>> residentKib) throws IOException {
        StringBuilder table = new StringBuilder(String.format(
                "Cold start (process start to first answered event), warm event (median of the next %d) and RSS after"
                        + " them; medians of %d rounds%s%n",
                EVENTS, ROUNDS, MEMORY_MB > 0 ? String.format("; each function confined to %.3f of a core, the CPU"
                        + " share of a %d MB Lambda function", MEMORY_MB / 1769.0, MEMORY_MB) : ""));
        table.append("| function | build | cold start | warm event | RSS |\n|---|---|---|---|---|\n");
        for (String export : EXPORTS) {
            if (!exports.contains(export)) {
                continue;
            }
            for (Build build : builds) {
                String key = export + " " + build.name();
                table.append(String.format("| %s | %s | %d ms | %.2f ms | %d MiB |%n", export, build.name(),
                        median(startMillis.get(key)), median(warmMicros.get(key)) / 1000.0,
                        median(residentKib.get(key)) / 1024));
            }
        }
        System.out.println(table);
        Files.writeString(Path.of("target", "benchmark", "cold-start.md"), table);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * A CPU quota for function processes: Lambda gives a function CPU in proportion to its memory (one vCPU at 1,769
     * MB). Implemented with the cgroup CPU controller (v1 {@code cpu.cfs_quota_us}, or v2 {@code cpu.max}).
     */
    record CpuShare(Path group) {

        static final long PERIOD_MICROS = 100_000;

        static CpuShare forMemory(int memoryMb) throws IOException {
            if (memoryMb <= 0) {
                return new CpuShare(null);
            }
            long quota = Math.max(1_000, Math.round(PERIOD_MICROS * memoryMb / 1769.0));
            Path v1 = Path.of("/sys/fs/cgroup/cpu");
            Path group = (Files.isDirectory(v1) ? v1 : Path.of("/sys/fs/cgroup")).resolve("anonymous-access-benchmark");
            Files.createDirectories(group);
            if (Files.exists(group.resolve("cpu.cfs_quota_us"))) {
                Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
                Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
            } else {
                Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
            }
            return new CpuShare(group);
        }

        /** Moves the process, with every thread it has and will have, into the group. */
        void confine(long pid) throws IOException {
            if (group != null) {
                Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
            }
        }
    }
}
