package dev.anonymousaccess.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import dev.anonymousaccess.client.ClientDefinition;
import dev.anonymousaccess.client.ClientSettings;
import dev.anonymousaccess.observability.InvocationRecorder;
import dev.anonymousaccess.testing.Domain;
import dev.anonymousaccess.testing.PooledKeyPairs;
import dev.anonymousaccess.user.IssuedTokens;

/**
 * The rotation drill: three days of an app issuing JWTs every few minutes, two scheduled rotations, and every token
 * verified while it lives by the service's own authorizer (another instance, with its own key-set cache) and by
 * gateways that cache the published key set for two hours (API Gateway's longest) and never fetch it early for an
 * unknown {@code kid}, one gateway per phase of that cache. The gateways are jose4j (not our code); the key set they
 * fetch is what the discovery function (another instance, with its own cache) publishes.
 */
@Tag("rules")
class KeyRotationDrillTest {

    static final Duration GATEWAY_CACHE = Duration.ofHours(2);
    static final Duration STEP = Duration.ofMinutes(15);
    /** One gateway per this share of the cache's two hours: one of them always fetched shortly before a rotation. */
    static final Duration PHASE = Duration.ofMinutes(20);
    static final Duration DRILL = Duration.ofDays(3);
    static final Duration LIFETIME = ClientSettings.MAX_ACCESS_TOKEN_LIFETIME;

    record Outcome(int verifications, List<String> failures, Set<String> signingKids, int keySetFetches) {
    }

    @Test
    void twoRotationsWhileClientsKeepCallingFailNoVerification() {
        Outcome outcome = drill(Domain.KEY_PUBLICATION_LEAD, DRILL);

        assertEquals(List.of(), outcome.failures());
        assertEquals(3, outcome.signingKids().size(), "three keys signed in turn: " + outcome.signingKids());
        assertTrue(outcome.verifications() > 1_500, "verifications: " + outcome.verifications());
    }

    @Test
    void theDrillCatchesALeadShorterThanTheGatewaysCache() {
        Outcome outcome = drill(Duration.ofMinutes(60), Duration.ofDays(1).plusHours(6));

        assertTrue(outcome.failures().size() > 0, "a key that signs before every gateway saw it must fail some");
    }

    /** A gateway's key-set cache: fetched once per {@link #GATEWAY_CACHE}, starting at its own phase. */
    static final class Gateway {
        final Instant firstFetch;
        Instant fetchedAt;
        JwksVerificationKeyResolver keys;

        Gateway(Instant firstFetch) {
            this.firstFetch = firstFetch;
        }

        boolean due(Instant now) {
            return fetchedAt == null ? !now.isBefore(firstFetch) : !now.isBefore(fetchedAt.plus(GATEWAY_CACHE));
        }

        /** Why this gateway refuses {@code token} at {@code now}; empty when it accepts it (or has no key set yet). */
        Optional<String> refusal(String token, Instant now) {
            if (keys == null) {
                return Optional.empty();
            }
            try {
                new JwtConsumerBuilder().setVerificationKeyResolver(keys).setExpectedIssuer(Domain.ISSUER)
                        .setExpectedAudience(Domain.AUDIENCE).setRequireExpirationTime()
                        .setExpectedType(true, "at+jwt").setAllowedClockSkewInSeconds(0)
                        .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
                        .setEvaluationTime(NumericDate.fromMilliseconds(now.toEpochMilli())).build().process(token);
                return Optional.empty();
            } catch (InvalidJwtException e) {
                return Optional.of(e.getMessage());
            }
        }
    }

    Outcome drill(Duration lead, Duration length) {
        Domain domain = new Domain();
        SigningKeys.Policy policy = new SigningKeys.Policy(SigningAlgorithm.RS256,
                new KeyRotation(lead, LIFETIME, Duration.ofMinutes(5)));
        SigningKeys admin = instance(domain, policy);
        SigningKeys issuing = instance(domain, policy);
        SigningKeys discovery = instance(domain, policy);
        SigningKeys authorizing = instance(domain, policy);
        AccessTokenJwts.Policy jwtPolicy = new AccessTokenJwts.Policy(Optional.of(Domain.ISSUER), Domain.AUDIENCE);
        AccessTokenJwts issuer = new AccessTokenJwts(issuing, domain.clients, domain.clock, jwtPolicy);
        AccessTokenJwts authorizer = new AccessTokenJwts(authorizing, domain.clients, domain.clock, jwtPolicy);
        domain.clients.put(ClientDefinition.builder().clientId("app").signupsPerIp(0)
                .settings(ClientSettings.builder().tokenFormat(ClientSettings.TokenFormat.JWT)
                        .accessTokenLifetime(LIFETIME).build())
                .build());
        Instant start = domain.clock.instant();
        List<Gateway> gateways = new ArrayList<>();
        for (Duration phase = Duration.ZERO; phase.compareTo(GATEWAY_CACHE) < 0; phase = phase.plus(PHASE)) {
            gateways.add(new Gateway(start.plus(phase)));
        }
        List<Instant> rotations = new ArrayList<>(List.of(start.plus(Duration.ofDays(1)).plusSeconds(97),
                start.plus(Duration.ofDays(2)).plusSeconds(1234)));
        admin.rotate(true, InvocationRecorder.NONE);

        record Live(String token, Instant expiresAt) {
        }
        List<Live> live = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Set<String> kids = new LinkedHashSet<>();
        int verifications = 0;
        int fetches = 0;
        for (Instant now = start; now.isBefore(start.plus(length)); now = domain.clock.instant()) {
            if (!rotations.isEmpty() && !now.isBefore(rotations.get(0))) {
                admin.rotate(false, InvocationRecorder.NONE);
                rotations.remove(0);
            }
            for (Gateway gateway : gateways) {
                if (gateway.due(now)) {
                    gateway.keys = resolver(discovery.current().publishedAt(now));
                    gateway.fetchedAt = now;
                    fetches++;
                }
            }
            IssuedTokens user = domain.registration.register(Domain.signup("app"), InvocationRecorder.NONE);
            String token = issuer.accessTokenOf(user);
            kids.add(kidOf(token));
            live.add(new Live(token, now.plus(LIFETIME)));
            final Instant at = now;
            live.removeIf(old -> !at.isBefore(old.expiresAt()));
            // Every token when it is new and in its last step of life: the moments its key is new to a verifier,
            // and about to leave the set.
            Set<Live> checked = new LinkedHashSet<>();
            checked.add(live.get(live.size() - 1));
            live.stream().filter(old -> old.expiresAt().isBefore(at.plus(STEP))).forEach(checked::add);
            for (Live candidate : checked) {
                if (authorizer.verify(candidate.token()).token().isEmpty()) {
                    failures.add(at + " authorizer: " + authorizer.verify(candidate.token()).refusal());
                }
                verifications++;
                for (Gateway gateway : gateways) {
                    gateway.refusal(candidate.token(), at)
                            .ifPresent(why -> failures.add(at + " gateway fetched " + gateway.fetchedAt + ": " + why));
                    verifications++;
                }
            }
            domain.clock.advance(STEP);
        }
        return new Outcome(verifications, failures, kids, fetches);
    }

    static SigningKeys instance(Domain domain, SigningKeys.Policy policy) {
        return new SigningKeys(domain.signingKeyStore, domain.signingKeyStore, domain.clock, policy,
                PooledKeyPairs.INSTANCE);
    }

    static JwksVerificationKeyResolver resolver(List<SigningKey> published) {
        try {
            List<JWK> keys = new ArrayList<>();
            for (SigningKey key : published) {
                keys.add(JWK.parse(key.publicJwk()));
            }
            String json = new JWKSet(keys).toString();
            return new JwksVerificationKeyResolver(new JsonWebKeySet(json).getJsonWebKeys());
        } catch (ParseException | JoseException e) {
            throw new AssertionError("the published key set does not parse", e);
        }
    }

    static String kidOf(String token) {
        try {
            return SignedJWT.parse(token).getHeader().getKeyID();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }
}
