package dev.anonymousaccess.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import dev.anonymousaccess.testing.PooledKeyPairs;
import dev.anonymousaccess.testing.TestClock;

/** The local stand-in for API Gateway's JWT authorizer, against an issuer served here with a key of the test's. */
class LocalJwtAuthorizerTest {

    static final String AUDIENCE = "anonymous-access";
    static final ObjectMapper JSON = new ObjectMapper();

    final TestClock clock = new TestClock();
    final AtomicInteger keySetFetches = new AtomicInteger();
    HttpServer issuerServer;
    String issuer;
    RSAKey key;
    LocalJwtAuthorizer authorizer;

    @BeforeEach
    void anIssuer() throws IOException, JOSEException {
        key = new RSAKey.Builder(PooledKeyPairs.stranger()).keyID("k1").build();
        issuerServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://localhost:" + issuerServer.getAddress().getPort();
        issuerServer.createContext("/.well-known/openid-configuration", exchange -> send(exchange,
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/.well-known/jwks.json\"}"));
        issuerServer.createContext("/.well-known/jwks.json", exchange -> {
            keySetFetches.incrementAndGet();
            send(exchange, new JWKSet(key.toPublicJWK()).toString());
        });
        issuerServer.start();
        authorizer = new LocalJwtAuthorizer(issuer, List.of(AUDIENCE), clock);
    }

    @AfterEach
    void stop() {
        issuerServer.stop(0);
    }

    static void send(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    String token(UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).subject("user-1").audience(AUDIENCE)
                .issueTime(Date.from(clock.instant())).expirationTime(Date.from(clock.instant().plusSeconds(900)));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
                .keyID(key.getKeyID()).build(), change.apply(claims).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static ObjectNode event(String authorization) {
        ObjectNode event = JSON.createObjectNode();
        if (authorization != null) {
            event.putObject("headers").put("authorization", authorization);
        }
        event.putObject("requestContext");
        return event;
    }

    Optional<HttpApi.Answer> admit(ObjectNode event) {
        return authorizer.admit(event, new SamTemplate.Route("GET", "/me", "ExampleJwtMeFunction", false));
    }

    void assertRefused(String token) {
        HttpApi.Answer answer = admit(event(token == null ? null : "Bearer " + token)).orElseThrow();
        assertEquals(401, answer.status());
        assertTrue(answer.headers().get("WWW-Authenticate").get(0).startsWith("Bearer"));
        assertEquals("{\"message\":\"Unauthorized\"}", answer.text());
    }

    @Test
    void aValidTokenReachesTheRouteWithItsClaims() throws JOSEException {
        ObjectNode event = event("Bearer " + token(claims -> claims));

        assertTrue(admit(event).isEmpty());
        assertEquals("user-1", event.at("/requestContext/authorizer/jwt/claims/sub").asText());
    }

    @Test
    void aRequestWithoutABearerTokenIsChallenged() {
        assertRefused(null);
    }

    @Test
    void anotherIssuerIsRefused() throws JOSEException {
        assertRefused(token(claims -> claims.issuer("https://elsewhere.example.com")));
    }

    @Test
    void anotherAudienceIsRefused() throws JOSEException {
        assertRefused(token(claims -> claims.audience("another-api")));
    }

    @Test
    void anExpiredTokenIsRefused() throws JOSEException {
        String token = token(claims -> claims);
        clock.advance(Duration.ofSeconds(900));

        assertRefused(token);
    }

    @Test
    void aTokenNotValidYetIsRefused() throws JOSEException {
        assertRefused(token(claims -> claims.notBeforeTime(Date.from(clock.instant().plusSeconds(60)))));
    }

    @Test
    void anHmacTokenIsRefused() throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE)
                        .expirationTime(Date.from(clock.instant().plusSeconds(900))).build());
        jwt.sign(new MACSigner(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));

        assertRefused(jwt.serialize());
    }

    @Test
    void theKeySetIsFetchedOnceAndKeptForTwoHours() throws JOSEException {
        assertTrue(admit(event("Bearer " + token(claims -> claims))).isEmpty());
        clock.advance(Duration.ofHours(2).minusSeconds(1));
        assertTrue(admit(event("Bearer " + token(claims -> claims))).isEmpty());
        assertEquals(1, keySetFetches.get());

        clock.advance(Duration.ofSeconds(1));
        assertTrue(admit(event("Bearer " + token(claims -> claims))).isEmpty());
        assertEquals(2, keySetFetches.get());
    }
}
