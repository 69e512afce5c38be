package dev.anonymousaccess.benchmark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.jwt.AccessTokenJwts;
import dev.anonymousaccess.jwt.KeyRotation;
import dev.anonymousaccess.jwt.SigningAlgorithm;
import dev.anonymousaccess.jwt.SigningKeys;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Domain;
import dev.anonymousaccess.token.TokenKind;
import dev.anonymousaccess.user.IssuedTokens;

/**
 * How many access tokens one thread issues per second in process: an opaque one, and the JWT standing for one,
 * RS256 and ES256, with the key in memory as a warm function instance has it. Rounds interleave the cases, so machine
 * noise hits them alike; the figure is each case's median of the rounds. One thread is one vCPU's worth: Lambda gives
 * a function one vCPU at 1,769 MB (a 256 MB function gets 0.145 of it). Run: {@code ./mvnw test -Pbenchmark
 * -Dtest=JwtIssuanceBenchmarkTest}. Not part of the normal test run.
 */
@Tag("benchmark")
class JwtIssuanceBenchmarkTest {

    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 7);
    static final Duration ROUND = Duration.ofSeconds(2);

    interface Issuer {
        String issue();
    }

    @Test
    void tokensPerSecondOnOneThread() throws IOException {
        Map<String, Issuer> cases = new LinkedHashMap<>();
        Domain opaque = new Domain();
        IssuedTokens opaqueUser = user(opaque, ClientSettings.TokenFormat.OPAQUE, SigningAlgorithm.RS256);
        cases.put("opaque access token (the baseline)", () -> opaque.tokens.issue(TokenKind.ACCESS,
                opaqueUser.sessionId()).value());
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            Domain domain = new Domain();
            AccessTokenJwts jwts = jwtsOf(domain, algorithm);
            IssuedTokens user = user(domain, ClientSettings.TokenFormat.JWT, algorithm);
            cases.put("JWT, " + algorithm, () -> jwts.accessTokenOf(user));
        }
        Map<String, List<Double>> perSecond = new LinkedHashMap<>();
        cases.keySet().forEach(name -> perSecond.put(name, new ArrayList<>()));
        for (int round = 0; round < ROUNDS; round++) {
            List<String> order = new ArrayList<>(cases.keySet());
            Collections.shuffle(order);
            for (String name : order) {
                perSecond.get(name).add(rate(cases.get(name)));
            }
        }
        StringBuilder table = new StringBuilder(String.format("Access tokens issued per second on one thread, in"
                + " process (Java %s, %d cores here); medians of %d rounds of %d s%n| case | tokens/s | per token |%n"
                + "|---|---|---|%n", Runtime.version().feature(), Runtime.getRuntime().availableProcessors(), ROUNDS,
                ROUND.toSeconds()));
        perSecond.forEach((name, rates) -> table.append(String.format("| %s | %,.0f | %.3f ms |%n", name,
                median(rates), 1000 / median(rates))));
        System.out.println(table);
        Files.createDirectories(Path.of("target", "benchmark"));
        Files.writeString(Path.of("target", "benchmark", "jwt-issuance.md"), table);
        perSecond.values().forEach(rates -> assertTrue(median(rates) > 0));
    }

    static AccessTokenJwts jwtsOf(Domain domain, SigningAlgorithm algorithm) {
        SigningKeys keys = new SigningKeys(domain.signingKeyStore, domain.signingKeyStore, domain.clock,
                new SigningKeys.Policy(algorithm, new KeyRotation(Domain.KEY_PUBLICATION_LEAD,
                        ClientSettings.MAX_ACCESS_TOKEN_LIFETIME, Duration.ofMinutes(5))), SigningKeys.GENERATED);
        keys.publishFirstKey(InvocationRecorder.NONE);
        return new AccessTokenJwts(keys, domain.clients, domain.clock,
                new AccessTokenJwts.Policy(Optional.of(Domain.ISSUER), Domain.AUDIENCE));
    }

    static IssuedTokens user(Domain domain, ClientSettings.TokenFormat format, SigningAlgorithm algorithm) {
        domain.clients.put(ClientDefinition.builder().clientId("app").signupsPerIp(0)
                .settings(ClientSettings.builder().tokenFormat(format).accessTokenLifetime(Duration.ofMinutes(15))
                        .build())
                .build());
        return domain.registration.register(Domain.signup("app"), InvocationRecorder.NONE);
    }

    static double rate(Issuer issuer) {
        long count = 0;
        long started = System.nanoTime();
        long until = started + ROUND.toNanos();
        long now;
        do {
            if (issuer.issue().isEmpty()) {
                throw new AssertionError("nothing issued");
            }
            count++;
            now = System.nanoTime();
        } while (now < until);
        return count / ((now - started) / 1e9);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
