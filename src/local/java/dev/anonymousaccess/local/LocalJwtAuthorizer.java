package dev.anonymousaccess.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Plays API Gateway's built-in JWT authorizer for a route of the template's JWT-guarded API, as AWS documents it: the
 * token from {@code Authorization: Bearer}, the key set found through {@code {issuer}/.well-known/openid-configuration}
 * and kept for up to {@link #KEY_SET_CACHE} (two hours, API Gateway's figure), RSA keys only, a {@code kid} required,
 * {@code iss}, {@code aud} (or {@code client_id} when there is no {@code aud}), {@code exp}, {@code nbf} and
 * {@code iat} checked. A refusal is {@code 401 {"message":"Unauthorized"}} with a {@code WWW-Authenticate: Bearer}
 * challenge; what it vouches for reaches the route as {@code requestContext.authorizer.jwt.claims}.
 */
public final class LocalJwtAuthorizer {

    /**
     * As long as the local API waits for any function: the issuer's documents come from a local function that may be
     * starting (a JVM cold start on a busy machine takes tens of seconds, which AWS's functions never do).
     */
    static final Duration KEY_SET_FETCH_TIMEOUT = Duration.ofSeconds(90);
    /** How long API Gateway keeps a key set it fetched. */
    static final Duration KEY_SET_CACHE = Duration.ofHours(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final List<String> audiences;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** At most one fetch of the key set per this pause for kids it lacks (made-up kids cost one fetch a minute). */
    static final Duration REFETCH_PAUSE = Duration.ofMinutes(1);
    private volatile JWKSet keys;
    private volatile Instant fetchedAt = Instant.MIN;

    public LocalJwtAuthorizer(String issuer, List<String> audiences, Clock clock) {
        this.issuer = issuer;
        this.audiences = List.copyOf(audiences);
        this.clock = clock;
    }

    Optional<HttpApi.Answer> admit(ObjectNode event, SamTemplate.Route route) {
        String authorization = event.path("headers").path("authorization").asText("");
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(refused(null));
        }
        Optional<JWTClaimsSet> claims;
        try {
            claims = verify(authorization.substring(7).strip());
        } catch (IOException e) {
            return Optional.of(new HttpApi.Answer(500, Map.of("Content-Type", List.of("application/json")),
                    "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8)));
        }
        if (claims.isEmpty()) {
            return Optional.of(refused("the token is not valid for this API"));
        }
        ObjectNode jwt = ((ObjectNode) event.get("requestContext")).putObject("authorizer").putObject("jwt");
        ObjectNode vouched = jwt.putObject("claims");
        claims.get().getClaims().forEach((name, value) -> vouched.put(name, value instanceof Date date
                ? Long.toString(date.toInstant().getEpochSecond()) : String.valueOf(value)));
        jwt.putNull("scopes");
        return Optional.empty();
    }

    private Optional<JWTClaimsSet> verify(String token) throws IOException {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return Optional.empty();
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null || !JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            return Optional.empty();
        }
        Optional<JWK> key = key(kid, false);
        if (key.isEmpty()) {
            key = key(kid, true); // a key published since the set was fetched
        }
        try {
            if (key.isEmpty() || !(key.get() instanceof RSAKey rsa) || !jwt.verify(new RSASSAVerifier(rsa))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            List<String> tokenAudiences = claims.getAudience().isEmpty() && claims.getStringClaim("client_id") != null
                    ? List.of(claims.getStringClaim("client_id")) : claims.getAudience();
            boolean valid = issuer.equals(claims.getIssuer()) && tokenAudiences.stream().anyMatch(audiences::contains)
                    && claims.getExpirationTime() != null && now.isBefore(claims.getExpirationTime().toInstant())
                    && (claims.getNotBeforeTime() == null || !now.isBefore(claims.getNotBeforeTime().toInstant()))
                    && (claims.getIssueTime() == null || !now.isBefore(claims.getIssueTime().toInstant()
                            .minusSeconds(60)));
            return valid ? Optional.of(claims) : Optional.empty();
        } catch (JOSEException | ParseException e) {
            return Optional.empty();
        }
    }

    /** The key {@code kid}, from the set fetched at most two hours ago, or fetched now when {@code refetch}. */
    private synchronized Optional<JWK> key(String kid, boolean refetch) throws IOException {
        Instant now = clock.instant();
        boolean stale = keys == null || !now.isBefore(fetchedAt.plus(KEY_SET_CACHE));
        if (stale || (refetch && !now.isBefore(fetchedAt.plus(REFETCH_PAUSE)))) {
            JsonNode metadata = get(URI.create(issuer + "/.well-known/openid-configuration"));
            try {
                keys = JWKSet.parse(JSON.writeValueAsString(get(URI.create(metadata.path("jwks_uri").asText()))));
            } catch (ParseException e) {
                throw new IOException("the issuer's key set is not a JWK set", e);
            }
            fetchedAt = now;
        }
        return Optional.ofNullable(keys.getKeyByKeyId(kid));
    }

    private JsonNode get(URI uri) throws IOException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(KEY_SET_FETCH_TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static HttpApi.Answer refused(String description) {
        String challenge = description == null ? "Bearer" : "Bearer error=\"invalid_token\", error_description=\""
                + description.toLowerCase(Locale.ROOT) + "\"";
        return new HttpApi.Answer(401, Map.of("Content-Type", List.of("application/json"), "WWW-Authenticate",
                List.of(challenge)), "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8));
    }
}
