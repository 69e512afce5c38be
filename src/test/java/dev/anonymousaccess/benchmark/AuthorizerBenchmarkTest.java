package dev.anonymousaccess.benchmark;

import static dev.anonymousaccess.testing.Lambda.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.testing.AuthorizerEvents;
import dev.anonymousaccess.testing.SdkCallCounter;
import dev.anonymousaccess.testing.Exports;
import dev.anonymousaccess.testing.FunctionTest;
import dev.anonymousaccess.user.IssuedTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The authorizer's hot path, measured side by side in one run (rounds interleave the cases, so machine noise hits
 * them alike): a steady-state authorization, one whose lifetime write is due, and a refusal that needs no read.
 * Invocations go through the Lambda mock event server to moto_server on loopback, so absolute times are this
 * machine's and moto's; the ratios and the DynamoDB calls per authorization are the point.
 * Run: {@code ./mvnw test -Pbenchmark}. Not part of the normal test run.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(Exports.Authorize.class)
class AuthorizerBenchmarkTest extends FunctionTest {

    static final int WARM_UP = 200;
    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 1000);

    @Test
    void authorizerHotPath() throws IOException {
        IssuedTokens user = users.startWithOneUser();
        table.setUserAttribute(user.userId(), "accessTokenExpiresAt", AttributeValue.fromN("4102444800"));
        Map<String, Object> valid = AuthorizerEvents.token("Bearer " + user.accessToken().value());
        Map<String, Object> malformed = AuthorizerEvents.token("Bearer not-a-token");

        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("steady state (token valid, no write due)", new Case(() -> {
            assertEquals(200, invoke(valid).statusCode());
            return null;
        }));
        cases.put("lifetime write due (1 h since the last write)", new Case(() -> {
            clock.advance(expiry.refreshInterval());
            assertEquals(200, invoke(valid).statusCode());
            return null;
        }));
        cases.put("malformed token (no read)", new Case(() -> {
            assertEquals(500, invoke(malformed).statusCode());
            return null;
        }));

        for (int i = 0; i < WARM_UP; i++) {
            cases.values().forEach(c -> c.action.get());
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (Case c : cases.values()) {
                SdkCallCounter.reset();
                long start = System.nanoTime();
                c.action.get();
                c.nanos.add(System.nanoTime() - start);
                c.calls += SdkCallCounter.total();
                c.writes += SdkCallCounter.count("UpdateItem");
            }
        }

        StringBuilder report = new StringBuilder(String.format("%-48s %10s %10s %8s %12s %12s%n", "case",
                "median ms", "p90 ms", "ratio", "calls/op", "writes/op"));
        double baseline = median(cases.values().iterator().next().nanos);
        for (Map.Entry<String, Case> entry : cases.entrySet()) {
            Case c = entry.getValue();
            report.append(String.format("%-48s %10.2f %10.2f %8.2f %12.2f %12.2f%n", entry.getKey(),
                    median(c.nanos) / 1e6, percentile(c.nanos, 0.9) / 1e6, median(c.nanos) / baseline,
                    (double) c.calls / ROUNDS, (double) c.writes / ROUNDS));
        }
        report.append(String.format("%d rounds after %d warm-up rounds, cases interleaved; %d cores%n", ROUNDS, WARM_UP,
                Runtime.getRuntime().availableProcessors()));
        System.out.println(report);
        Path out = Path.of("target", "benchmark", "authorizer.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    static double median(List<Long> values) {
        return percentile(values, 0.5);
    }

    static double percentile(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    static final class Case {
        final Supplier<Void> action;
        final List<Long> nanos = new ArrayList<>();
        long calls;
        long writes;

        Case(Supplier<Void> action) {
            this.action = action;
        }
    }
}
