package dev.anonymousaccess.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;

import dev.anonymousaccess.testing.BackendCredentials;
import dev.anonymousaccess.local.FunctionZip;
import dev.anonymousaccess.local.LambdaProcess;
import dev.anonymousaccess.local.SamTemplate;
import dev.anonymousaccess.testing.Lambda.HttpResult;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.SampleEvents;
import dev.anonymousaccess.testing.TokenText;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cold start, warm latency and memory of the packaged functions, builds side by side in one run: for every function
 * of {@code template.yaml}, the time from starting its process to its first answered event (each function's sample
 * event, which reads DynamoDB where the function does), the median time of the next {@link #EVENTS} events, and its
 * resident memory after them. Rounds interleave the builds and functions, so machine noise hits them alike.
 * Builds: {@code -Dbenchmark.builds=name=zip,name=zip,...} (any number, e.g. before and after a change; one zip may
 * appear under several names), or {@code -Dbenchmark.jvm.zip} and {@code -Dbenchmark.native.zip};
 * {@code -Dbenchmark.env.<name>=KEY=value;KEY=value} adds environment variables to one build's processes (to take a
 * feature out, say); {@code -Dbenchmark.parameters=Name=value;Name=value} sets template parameters for every build
 * (say {@code JwtAlgorithm=ES256}: the key set is the deployment's, one per run);
 * {@code -Dbenchmark.functions=authorize,...} limits the functions. Run: {@code bash .ci/benchmark-cold-start}
 * (builds JVM and native first). Not part of the normal test run.
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
    /**
     * What is measured: a function of the template (or the floor), in a mode. The authorizer's event carries a real
     * user's token (the allowed path); each refresh presents the refresh token the one before it was answered (a real
     * rotation, as a client makes it); each claim claims a live anonymous user of its own for a subject of its own,
     * with the app's real backend secret (a claim of a new subject); each introspection asks about the authorizer's
     * user's token with that secret (an active token); each revoke signs a live user of its own out;
     * create and refresh run for an opaque app and for its twin in the jwt format.
     */
    record Case(String label, String export, String clientId) {
    }

    static final String JWT_CLIENT = "demo-app-jwt";
    static final List<Case> CASES = List.of(
            new Case("empty (the floor)", "empty", null),
            new Case("create", "create", "demo-app"), new Case("create, jwt", "create", JWT_CLIENT),
            new Case("refresh", "refresh", "demo-app"), new Case("refresh, jwt", "refresh", JWT_CLIENT),
            new Case("claim", "claim", null), new Case("introspect", "introspect", null),
            new Case("revoke", "revoke", null),
            new Case("authorize", "authorize", null), new Case("me", "me", null), new Case("admin", "admin", null));
    static final Map<String, String> FIRST_EVENTS = Map.of(
            "admin", "admin-put-client.json", "create", "create.json", "authorize", "authorize-http-api.json",
            "refresh", "refresh.json", "revoke", "revoke.json", "me", "me.json", "claim", "claim.json");

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
        return pairs(System.getProperty("benchmark.env." + build, ""));
    }

    /** The template's parameters for every build: the local issuer, and {@code -Dbenchmark.parameters}'s values. */
    static Map<String, String> templateParameters() {
        Map<String, String> parameters = new LinkedHashMap<>(Map.of("JwtIssuer", MotoServer.ISSUER));
        parameters.putAll(pairs(System.getProperty("benchmark.parameters", "")));
        return parameters;
    }

    /** {@code KEY=value;KEY=value} */
    private static Map<String, String> pairs(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            if (!pair.isBlank()) {
                String[] keyAndValue = pair.split("=", 2);
                values.put(keyAndValue[0].trim(), keyAndValue[1].trim());
            }
        }
        return values;
    }

    @Test
    void buildsSideBySide() throws Exception {
        List<Build> builds = new ArrayList<>();
        for (var zip : zips().entrySet()) {
            Path root = Path.of("target", "benchmark", zip.getKey());
            FunctionZip.unzip(zip.getValue(), root);
            builds.add(new Build(zip.getKey(), root));
        }
        List<String> labels = List.of(System.getProperty("benchmark.functions",
                String.join(",", CASES.stream().map(Case::label).toList())).split(","));
        List<Case> cases = CASES.stream().filter(c -> labels.contains(c.label()) || labels.contains(c.export()))
                .toList();
        MotoServer moto = new MotoServer();
        Map<String, String> store = moto.start();
        try {
            SamTemplate template = SamTemplate.read(Path.of("template.yaml"),
                    Map.of("Table", store.get("anonymous-access.table-name"), "SigningKeysKey.Arn",
                            store.get("anonymous-access.jwt.kms-key-id")),
                    templateParameters());
            Path work = Files.createDirectories(Path.of("target", "benchmark"));
            Path jni = LambdaProcess.unpackJniLibrary(Path.of(System.getProperty("lambda.ric.dir",
                    "target/lambda-ric")), work);
            Map<String, Map<String, String>> environments = new LinkedHashMap<>();
            for (var function : template.functionEnvironments().values()) {
                environments.put(function.get("QUARKUS_FUNQY_EXPORT"),
                        LambdaProcess.environment(function, store.get(MotoServer.DIRECT_ENDPOINT)));
            }
            // The floor: a function of the same package that does nothing, configured as every other one.
            Map<String, String> floor = new LinkedHashMap<>(environments.get("me"));
            floor.put("QUARKUS_FUNQY_EXPORT", "empty");
            environments.put("empty", floor);
            Path ric = Path.of(System.getProperty("lambda.ric.dir", "target/lambda-ric"));
            // Claims and revocations use each user up: one per event they will send.
            int usersUsedUp = ROUNDS * builds.size() * (1 + EVENTS);
            Events events = seed(builds.get(0), ric, jni, environments, work,
                    cases.stream().anyMatch(c -> c.export().equals("claim")) ? usersUsedUp : 0,
                    cases.stream().anyMatch(c -> c.export().equals("revoke")) ? usersUsedUp : 0,
                    cases.stream().anyMatch(c -> c.export().equals("introspect")));
            CpuGroups cpu = CpuGroups.forMemory(MEMORY_MB);
            Map<String, List<Long>> startMillis = new LinkedHashMap<>();
            Map<String, List<Long>> startCpuMicros = new LinkedHashMap<>();
            Map<String, List<Long>> warmMicros = new LinkedHashMap<>();
            Map<String, List<Long>> residentKib = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                List<Build> order = new ArrayList<>(builds);
                Collections.shuffle(order);
                for (Build build : order) {
                    for (Case measured : cases) {
                        String key = measured.label() + " " + build.name();
                        long started = System.nanoTime();
                        Map<String, String> environment = new LinkedHashMap<>(environments.get(measured.export()));
                        environment.putAll(extraEnvironment(build.name()));
                        try (LambdaProcess process = new LambdaProcess(
                                (measured.export() + "-" + build.name()).replace(' ', '-'), build.taskRoot(), ric, jni,
                                environment, work)) {
                            long cpuBefore = cpu.enter(process.pid());
                            events.answered(measured, process.invoke(events.next(measured)).payload());
                            startMillis.computeIfAbsent(key, k -> new ArrayList<>())
                                    .add((System.nanoTime() - started) / 1_000_000);
                            if (cpu.measured()) {
                                startCpuMicros.computeIfAbsent(key, k -> new ArrayList<>())
                                        .add(cpu.usedMicros() - cpuBefore);
                            }
                            List<Long> warm = new ArrayList<>();
                            for (int i = 0; i < EVENTS; i++) {
                                String event = events.next(measured);
                                long sent = System.nanoTime();
                                String payload = process.invoke(event).payload();
                                warm.add((System.nanoTime() - sent) / 1_000);
                                events.answered(measured, payload);
                            }
                            warmMicros.computeIfAbsent(key, k -> new ArrayList<>()).add(median(warm));
                            residentKib.computeIfAbsent(key, k -> new ArrayList<>()).add(process.residentKib());
                        }
                    }
                }
            }
            try (DynamoDbClient dynamoDb = MotoServer.applicationClient(store)) {
                events.assertSignedOut(dynamoDb, store.get("anonymous-access.table-name"));
            }
            report(builds, cases, startMillis, startCpuMicros, warmMicros, residentKib);
        } finally {
            moto.stop();
        }
    }

    /**
     * The events of each case, in order: fixed samples, but a refresh presents the refresh token the last refresh of
     * its case was answered, and create names its case's client app. Every answer is checked: a benchmark of refusals
     * would measure the wrong path.
     */
    static final class Events {
        /** The deployment's signing algorithm ({@code JwtAlgorithm}): what a jwt app's tokens must be signed with. */
        final String algorithm;
        final Map<String, String> fixed = new LinkedHashMap<>();
        final Map<String, String> refreshTokens = new LinkedHashMap<>();
        /** Live anonymous users of the sample app, each claimed once ({@code token} answers of create). */
        final Deque<JsonNode> claimable = new ArrayDeque<>();
        /** Live anonymous users of the sample app, each signed out once. */
        final Deque<JsonNode> revocable = new ArrayDeque<>();
        final List<String> revokedUsers = new ArrayList<>();
        /** The sample app's backend credentials, as its backend sends them with a claim or an introspection. */
        String backendCredentials;
        /** A live user's access token, the authorizer's: what each introspection asks about. */
        String introspected;
        String lastSubject;
        int signups;
        int subjects;

        Events(String algorithm) {
            this.algorithm = algorithm;
        }

        String next(Case measured) {
            return switch (measured.export()) {
                // Each sign-up from its own address: the benchmark measures sign-ups, not the sign-up limit.
                case "create" -> SampleEvents.read("create.json").replace("demo-app", measured.clientId())
                        .replace("203.0.113.7", "10." + (++signups >> 16 & 255) + "." + (signups >> 8 & 255) + "."
                                + (signups & 255));
                case "refresh" -> SampleEvents.read("refresh.json", "unused", refreshTokens.get(measured.clientId()),
                        "unused");
                case "claim" -> {
                    lastSubject = "benchmark|" + ++subjects;
                    yield SampleEvents.read("claim.json")
                            .replace(SampleEvents.SAMPLE_ACCESS_TOKEN, claimable.pop().get("access_token").asText())
                            .replace("auth0|4711", lastSubject)
                            .replace(SampleEvents.SAMPLE_BACKEND_CREDENTIALS, backendCredentials);
                }
                case "introspect" -> SampleEvents.read("introspect.json", introspected, "unused", "unused")
                        .replace(SampleEvents.SAMPLE_BACKEND_CREDENTIALS, backendCredentials);
                case "revoke" -> {
                    String access = revocable.pop().get("access_token").asText();
                    revokedUsers.add(TokenText.userIdOf(access));
                    yield SampleEvents.read("revoke.json", access, "unused", "unused");
                }
                case "empty" -> "{}";
                default -> fixed.computeIfAbsent(measured.export(), e -> SampleEvents.read(FIRST_EVENTS.get(e)));
            };
        }

        void answered(Case measured, String payload) {
            if (measured.export().equals("claim")) {
                HttpResult answer = HttpResult.of(payload);
                assertEquals(200, answer.status(), "claim answered " + payload);
                assertEquals(lastSubject, answer.body().get("subject").asText(), "the claim claimed its user");
            }
            if (measured.export().equals("revoke")) {
                assertEquals(200, HttpResult.of(payload).status(), "revoke answered " + payload);
            }
            if (measured.export().equals("introspect")) {
                HttpResult answer = HttpResult.of(payload);
                assertEquals(200, answer.status(), "introspect answered " + payload);
                assertTrue(answer.body().get("active").asBoolean(), "the token is active: " + payload);
            }
            if (measured.export().equals("create") || measured.export().equals("refresh")) {
                HttpResult answer = HttpResult.of(payload);
                assertTrue(answer.status() == 200, measured.label() + " answered " + payload);
                JsonNode token = answer.body().get("token");
                if (measured.clientId().equals(JWT_CLIENT)) {
                    assertEquals(algorithm, algorithmOf(token.get("access_token").asText()),
                            "a jwt app's access token is a JWT signed with the deployment's algorithm");
                }
                if (measured.export().equals("refresh")) {
                    refreshTokens.put(measured.clientId(), token.get("refresh_token").asText());
                }
            }
        }

        /**
         * Every revoke measured signed its user out (an unknown or already revoked token answers 200 too, so the
         * answer alone cannot tell a sign-out from a refusal).
         */
        void assertSignedOut(DynamoDbClient dynamoDb, String table) {
            for (String userId : revokedUsers) {
                Map<String, AttributeValue> user = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                        .key(Map.of("pk", AttributeValue.fromS("USER#" + userId)))).item();
                AttributeValue reason = user.get("revokedFor");
                assertEquals("sign_out", reason == null ? null : reason.s(), "revoke signed user " + userId + " out");
            }
        }
    }

    /** The {@code alg} of a JWT's header; none for an opaque token. */
    static String algorithmOf(String token) {
        try {
            return SignedJWT.parse(token).getHeader().getAlgorithm().getName();
        } catch (ParseException e) {
            return null;
        }
    }

    /**
     * The client apps (the sample one and its jwt twin, which publishes the first key), one user of each, and the users
     * that claims and revocations use up: {@code claimable} and {@code revocable} of the sample app, whose backend
     * secret is rotated for the claims.
     */
    static Events seed(Build seeder, Path ric, Path jni, Map<String, Map<String, String>> environments, Path work,
            int claimable, int revocable, boolean introspected) throws IOException {
        Events events = new Events(environments.get("create").get("ANONYMOUS_ACCESS_JWT_ALGORITHM"));
        try (LambdaProcess admin = new LambdaProcess("seed-admin", seeder.taskRoot(), ric, jni,
                environments.get("admin"), work);
                LambdaProcess create = new LambdaProcess("seed-create", seeder.taskRoot(), ric, jni,
                        environments.get("create"), work)) {
            assertTrue(admin.invoke(SampleEvents.read("admin-put-client.json")).ok());
            // The twin: the sample app's settings, but JWTs (so that the two differ in nothing else).
            String twin = SampleEvents.read("admin-put-client.json").replace("\"demo-app\"", "\"" + JWT_CLIENT + "\"")
                    .replace("\"enabled\": true", "\"enabled\": true, \"tokenFormat\": \"jwt\"");
            assertTrue(admin.invoke(twin).ok());
            for (String client : List.of("demo-app", JWT_CLIENT)) {
                JsonNode token = HttpResult.of(create.invoke(SampleEvents.read("create.json")
                        .replace("demo-app", client)).payload()).body().get("token");
                events.refreshTokens.put(client, token.get("refresh_token").asText());
                if (client.equals("demo-app")) {
                    String access = token.get("access_token").asText();
                    events.introspected = access;
                    events.fixed.put("authorize", SampleEvents.read(FIRST_EVENTS.get("authorize"), access,
                            token.get("refresh_token").asText(), TokenText.userIdOf(access)));
                }
            }
            for (int i = 0; i < claimable + revocable; i++) {
                HttpResult created = HttpResult.of(create.invoke(events.next(new Case("seed", "create", "demo-app")))
                        .payload());
                assertEquals(200, created.status(), created.rawBody());
                (i < claimable ? events.claimable : events.revocable).add(created.body().get("token"));
            }
            if (claimable > 0 || introspected) {
                String secret = new ObjectMapper().readTree(admin.invoke(
                        "{\"action\":\"rotateClientSecret\",\"clientId\":\"demo-app\"}").payload())
                        .get("clientSecret").asText();
                events.backendCredentials = BackendCredentials.basic("demo-app", secret);
            }
        }
        return events;
    }

    private static void report(List<Build> builds, List<Case> cases, Map<String, List<Long>> startMillis,
            Map<String, List<Long>> startCpuMicros, Map<String, List<Long>> warmMicros,
            Map<String, List<Long>> residentKib) throws IOException {
        StringBuilder table = new StringBuilder(String.format(
                "Cold start (process start to first answered event), the CPU time the process used for it (every"
                        + " thread), warm event (median of the next %d) and RSS after them; medians of %d rounds%s%n",
                EVENTS, ROUNDS, MEMORY_MB > 0 ? String.format("; each function confined to %.3f of a core, the CPU"
                        + " share of a %d MB Lambda function", MEMORY_MB / 1769.0, MEMORY_MB) : ""));
        table.append("| function | build | cold start | over the floor | cold start CPU | warm event | RSS |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Case measured : cases) {
            for (Build build : builds) {
                String key = measured.label() + " " + build.name();
                List<Long> floor = startMillis.get("empty (the floor) " + build.name());
                List<Long> cpu = startCpuMicros.get(key);
                table.append(String.format("| %s | %s | %d ms | %s | %s | %.2f ms | %d MiB |%n", measured.label(),
                        build.name(), median(startMillis.get(key)),
                        floor == null ? "" : (median(startMillis.get(key)) - median(floor)) + " ms",
                        cpu == null ? "" : String.format("%.1f ms", median(cpu) / 1000.0),
                        median(warmMicros.get(key)) / 1000.0, median(residentKib.get(key)) / 1024));
            }
        }
        table.append(ratios(builds, startMillis, startCpuMicros));
        System.out.println(table);
        Files.writeString(Path.of("target", "benchmark", "cold-start.md"), table);
    }

    /**
     * Side by side in the same rounds: each jwt case's cold start over its opaque twin's, as the ratio of the medians,
     * as the median of each round's ratio (the two ran one after the other, so a round's machine noise hits both),
     * and in CPU time, which a CPU share turns into wall time and which the machine's noise moves least.
     */
    static String ratios(List<Build> builds, Map<String, List<Long>> startMillis,
            Map<String, List<Long>> startCpuMicros) {
        StringBuilder ratios = new StringBuilder();
        for (Build build : builds) {
            for (String export : List.of("create", "refresh")) {
                List<Long> opaque = startMillis.get(export + " " + build.name());
                List<Long> jwt = startMillis.get(export + ", jwt " + build.name());
                if (opaque != null && jwt != null) {
                    ratios.append(String.format("%ncold start of %s, jwt over opaque (%s): %.2f× (median of the"
                            + " rounds' ratios %.2f×)", export, build.name(), (double) median(jwt) / median(opaque),
                            medianRatio(jwt, opaque)));
                    List<Long> opaqueCpu = startCpuMicros.get(export + " " + build.name());
                    List<Long> jwtCpu = startCpuMicros.get(export + ", jwt " + build.name());
                    if (opaqueCpu != null && jwtCpu != null) {
                        ratios.append(String.format("; CPU %.2f× (%.2f×)", (double) median(jwtCpu) / median(opaqueCpu),
                                medianRatio(jwtCpu, opaqueCpu)));
                    }
                }
            }
        }
        return ratios.append('\n').toString();
    }

    /** The median of the ratios of two series measured in the same rounds, round by round. */
    static double medianRatio(List<Long> over, List<Long> under) {
        List<Double> each = new ArrayList<>();
        for (int round = 0; round < over.size(); round++) {
            each.add((double) over.get(round) / under.get(round));
        }
        Collections.sort(each);
        return each.get(each.size() / 2);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * The cgroups function processes run in: a CPU quota, as Lambda gives a function CPU in proportion to its memory
     * (one vCPU at 1,769 MB), and the accounting of the CPU time they use, every thread's (root only; else not
     * measured). Processes run one at a time, so the accounting grows by the measured process's time alone. cgroup v1
     * keeps the two in separate hierarchies ({@code cpu.cfs_quota_us}, {@code cpuacct.usage}); v2 in one group
     * ({@code cpu.max}, {@code cpu.stat}), and a process belongs to one v2 group only, so both are that group there.
     * A process joins them as soon as it is spawned: what it runs before that (from its exec to this process writing
     * its pid) is neither confined nor counted, alike for every case and build.
     * The quota comes in periods of 20 ms as Lambda's appear to be: a 128 MB function spinning on Lambda is paused for
     * 20, 40, 60 or 80 ms at a time (pwrdrvr/lambda-throttling's published measurements). The period matters for a
     * cold start of a few tens of milliseconds of CPU: it ends in the period its last slice of quota falls in, so a
     * longer period rounds the wall time up by more. {@code -Dbenchmark.cpu.period.us} sets another.
     */
    record CpuGroups(Path quota, Path accounting) {

        static final long PERIOD_MICROS = Long.getLong("benchmark.cpu.period.us", 20_000);
        static final String NAME = "anonymous-access-benchmark";

        static CpuGroups forMemory(int memoryMb) throws IOException {
            Path v1 = Path.of("/sys/fs/cgroup/cpu");
            boolean split = Files.isDirectory(v1);
            Path quota = null;
            if (memoryMb > 0) {
                quota = (split ? v1 : Path.of("/sys/fs/cgroup")).resolve(NAME);
                Files.createDirectories(quota);
                limit(quota, Long.toString(Math.max(1_000, Math.round(PERIOD_MICROS * memoryMb / 1769.0))));
            }
            Path accounting = split ? Path.of("/sys/fs/cgroup/cpuacct", NAME) : Path.of("/sys/fs/cgroup", NAME);
            try {
                Files.createDirectories(accounting);
                if (!split && quota == null) {
                    // The one v2 group may still hold the quota of an earlier, confined run.
                    limit(accounting, "max");
                }
                usedMicros(accounting);
            } catch (IOException | UncheckedIOException e) {
                accounting = null;
            }
            return new CpuGroups(quota, accounting);
        }

        private static void limit(Path group, String quota) throws IOException {
            if (Files.exists(group.resolve("cpu.cfs_quota_us"))) {
                Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
                Files.writeString(group.resolve("cpu.cfs_quota_us"), quota.equals("max") ? "-1" : quota);
            } else {
                Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
            }
        }

        boolean measured() {
            return accounting != null;
        }

        /**
         * Moves the process, with every thread it has and will have, into the groups; answers the CPU time accounted
         * before it (0 when none is measured).
         */
        long enter(long pid) throws IOException {
            long before = measured() ? usedMicros() : 0;
            for (Path group : new LinkedHashSet<>(Arrays.asList(quota, accounting))) {
                if (group != null) {
                    Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
                }
            }
            return before;
        }

        long usedMicros() {
            return usedMicros(accounting);
        }

        private static long usedMicros(Path group) {
            try {
                Path v1 = group.resolve("cpuacct.usage");
                if (Files.exists(v1)) {
                    return Long.parseLong(Files.readString(v1).trim()) / 1_000;
                }
                return Files.readAllLines(group.resolve("cpu.stat")).stream()
                        .filter(line -> line.startsWith("usage_usec ")).mapToLong(line -> Long.parseLong(line.substring(11)))
                        .findFirst().orElseThrow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
