package dev.anonymousaccess.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.client.ClientApp;
import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.store.TableSettings;
import dev.anonymousaccess.testing.DynamoDbProxy;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.testing.ItemSize;
import dev.anonymousaccess.testing.MotoServer;
import dev.anonymousaccess.testing.Users;
import dev.anonymousaccess.user.AccessDecision;
import dev.anonymousaccess.user.IssuedTokens;
import dev.anonymousaccess.user.UserClaim;
import dev.anonymousaccess.user.UserRegistration;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What each operation costs in DynamoDB: its calls, and its read and write units computed from the sizes of the items
 * it read and wrote by DynamoDB's published rules ({@link ItemSize}); and how long the operation's work takes here
 * (the rules and their store calls to moto_server on loopback, median of {@link #RUNS}, this JVM: not Lambda's
 * duration). Prints a table and writes it to {@code target/benchmark/cost.md} (docs/cost.md is built from it).
 * Run: {@code ./mvnw test -Pbenchmark -Dtest=CostBenchmarkTest}. Not part of the normal test run.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(Exports.Create.class)
class CostBenchmarkTest extends FunctionTest {

    static final int RUNS = Integer.getInteger("benchmark.rounds", 50);
    static final String APP = "cost-app";

    @Inject
    UserRegistration registration;

    @Inject
    UserClaim claims;

    record Cost(String operation, int calls, double readUnits, int writeUnits, double medianMillis, int largestItem) {
    }

    @Test
    void whatEachOperationCosts() throws IOException {
        users.startWith(List.of(ClientDefinition.builder().clientId(APP).name("Cost").allowedOrigins(List.of())
                .enabled(true).build()));
        List<Cost> costs = new ArrayList<>();

        // create: the client app already read by this instance, the source's 30th sign-up (its counter at its largest);
        // timed: sign-ups from fresh addresses
        for (int i = 0; i < 29; i++) {
            create("198.51.100.7");
        }
        int[] source = { 0 };
        costs.add(measure("create (30th sign-up of one address, the default limit)",
                () -> () -> create("198.51.100.7"), () -> () -> create("192.0.2." + (source[0]++ % 250))));

        IssuedTokens user = create("203.0.113.9");
        // The clock moves an hour per lifetime write: the access token must outlive the runs.
        table.setUserAttribute(user.userId(), "accessTokenExpiresAt", AttributeValue.fromN("4102444800"));
        verifier.verify(user.accessToken().value(), InvocationRecorder.NONE); // the client app read once
        costs.add(measure("authorize, steady state", () -> () -> allowed(user), () -> () -> allowed(user)));
        Supplier<Runnable> due = () -> {
            clock.advance(expiry.refreshInterval());
            return () -> allowed(user);
        };
        costs.add(measure("authorize, lifetime write due", due, due));

        IssuedTokens[] current = { create("203.0.113.10") };
        Supplier<Runnable> rotate = () -> () -> current[0] = refresh(current[0]);
        costs.add(measure("refresh (first rotation)", rotate, rotate));
        for (int i = 0; i < 25; i++) {
            current[0] = refresh(current[0]);
        }
        costs.add(measure("refresh (after 25 more rotations)", rotate, rotate));

        Supplier<Runnable> signOut = () -> {
            IssuedTokens fresh = create("192.0.2." + (source[0]++ % 250));
            return () -> this.signOut.revoke(fresh.accessToken().value(), InvocationRecorder.NONE);
        };
        costs.add(measure("revoke (sign-out)", signOut, signOut));

        users.giveBackendSecret(APP);
        ClientApp backend = clients.authenticateBackend(APP, Users.BACKEND_SECRET);
        Supplier<Runnable> firstClaim = () -> {
            IssuedTokens fresh = create("192.0.2." + (source[0]++ % 250));
            String subject = "cost|" + source[0];
            return () -> claims.claim(backend, fresh.accessToken().value(), subject, InvocationRecorder.NONE);
        };
        costs.add(measure("claim (a new subject)", firstClaim, firstClaim));
        IssuedTokens introspected = create("203.0.113.12");
        Supplier<Runnable> introspect = () -> () -> {
            clients.authenticateBackend(APP, Users.BACKEND_SECRET); // every introspection reads the app's secret
            allowed(introspected);
        };
        costs.add(measure("introspect, steady state (the app's secret, then the authorizer's decision)", introspect,
                introspect));
        IssuedTokens holder = create("203.0.113.11");
        claims.claim(backend, holder.accessToken().value(), "cost|holder", InvocationRecorder.NONE);
        String[] mergedPair = { null };
        Supplier<Runnable> merge = () -> {
            IssuedTokens device = create("192.0.2." + (source[0]++ % 250));
            return () -> mergedPair[0] = claims.claim(backend, device.accessToken().value(), "cost|holder",
                    InvocationRecorder.NONE).tokens().orElseThrow().accessToken().value();
        };
        costs.add(measure("claim (a merge into the subject's user)", merge, merge));
        verifier.verify(holder.accessToken().value(), InvocationRecorder.NONE);
        clock.advance(expiry.refreshInterval()); // an anonymous user's lifetime write would be due
        Supplier<Runnable> claimedAuthorize = () -> () -> allowed(holder);
        verifier.verify(holder.accessToken().value(), InvocationRecorder.NONE); // the client app read again
        costs.add(measure("authorize a claimed user (lifetime write never due)", claimedAuthorize,
                claimedAuthorize));

        report(costs);
    }

    IssuedTokens create(String sourceIp) {
        return registration.register(new UserRegistration.Signup(APP, Optional.empty(), sourceIp, Optional.empty()),
                InvocationRecorder.NONE);
    }

    void allowed(IssuedTokens user) {
        AccessDecision decision = verifier.verify(user.accessToken().value(), InvocationRecorder.NONE);
        if (!(decision instanceof AccessDecision.Granted)) {
            throw new AssertionError("refused: " + decision);
        }
    }

    IssuedTokens refresh(IssuedTokens pair) {
        return rotation.refresh(pair.refreshToken().value(), Optional.empty(), InvocationRecorder.NONE);
    }

    /**
     * Units and calls of one run of the action {@code measured} prepares (its preparation unmeasured), and the median
     * time of {@link #RUNS} runs of the actions {@code timed} prepares.
     */
    Cost measure(String operation, Supplier<Runnable> measured, Supplier<Runnable> timed) {
        Runnable action = measured.get();
        Map<String, Map<String, AttributeValue>> before = snapshot();
        DynamoDbProxy proxy = MotoServer.proxy();
        proxy.reset();
        action.run();
        List<DynamoDbProxy.Request> requests = proxy.requests();
        int calls = proxy.calls().values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Map<String, AttributeValue>> after = snapshot();
        double reads = 0;
        int writes = 0;
        int largest = 0;
        for (DynamoDbProxy.Request request : requests) {
            int sizeBefore = ItemSize.of(before.get(request.pk()));
            int sizeAfter = ItemSize.of(after.get(request.pk()));
            if (request.operation().equals("GetItem")) {
                reads += ItemSize.readUnits(sizeBefore, request.consistent());
            } else if (request.operation().startsWith("TransactWriteItems.")) {
                // A transactional write costs two units per started KB of each item it writes.
                writes += 2 * ItemSize.writeUnits(sizeBefore, sizeAfter);
            } else if (!request.operation().equals("TransactWriteItems")) {
                writes += ItemSize.writeUnits(sizeBefore, sizeAfter);
            }
            largest = Math.max(largest, Math.max(sizeBefore, sizeAfter));
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Runnable run = timed.get();
            long start = System.nanoTime();
            run.run();
            millis.add((System.nanoTime() - start) / 1_000_000.0);
        }
        Collections.sort(millis);
        return new Cost(operation, calls, reads, writes, millis.get(millis.size() / 2), largest);
    }

    Map<String, Map<String, AttributeValue>> snapshot() {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        table.all().forEach(item -> items.put(item.get(TableSettings.PK).s(), item));
        return items;
    }

    static void report(List<Cost> costs) throws IOException {
        StringBuilder out = new StringBuilder("""
                | operation | DynamoDB calls | read units | write units | largest item | median time here |
                |---|---|---|---|---|---|
                """);
        for (Cost cost : costs) {
            out.append(String.format("| %s | %d | %s | %d | %d B | %.2f ms |%n", cost.operation(), cost.calls(),
                    cost.readUnits() == Math.floor(cost.readUnits()) ? Integer.toString((int) cost.readUnits())
                            : Double.toString(cost.readUnits()),
                    cost.writeUnits(), cost.largestItem(), cost.medianMillis()));
        }
        System.out.println(out);
        Path file = Path.of("target", "benchmark", "cost.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out);
    }
}
