package dev.anonymousaccess.http;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.error.OAuthError;
import dev.anonymousaccess.error.OAuthException;
import dev.anonymousaccess.jwt.SigningKey;
import dev.anonymousaccess.jwt.SigningKeys;
import dev.anonymousaccess.observability.Invocations;

/**
 * What any backend needs to verify the service's JWTs offline, public and cacheable: {@code GET
 * /.well-known/openid-configuration} (issuer, key set, token endpoint, algorithms; the same at RFC 8414's {@code
 * /.well-known/oauth-authorization-server}) and {@code GET
 * /.well-known/jwks.json} (every key published now: the one that signs, the next one before it signs, the previous
 * one until its tokens have expired). Readable from any origin: it is public, and browsers' OAuth libraries read it.
 */
@ApplicationScoped
public class DiscoveryEndpoint {

    public static final String METADATA_PATH = "/.well-known/openid-configuration";
    public static final String KEY_SET_PATH = "/.well-known/jwks.json";

    private final Invocations invocations;
    private final SigningKeys keys;
    private final Clock clock;
    private final AnonymousAccessConfig.Jwt config;
    private final String retryAfterSeconds;

    DiscoveryEndpoint(Invocations invocations, SigningKeys keys, Clock clock, AnonymousAccessConfig config) {
        this.invocations = invocations;
        this.keys = keys;
        this.clock = clock;
        this.config = config.jwt();
        this.retryAfterSeconds = HttpResponses.retryAfterSeconds(config.retryAfter());
    }

    public APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event) {
        return HttpInvocation.run(invocations, "discovery", event, invocation -> {
            try {
                HttpRequest request = HttpRequest.of(event);
                if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
                    throw new OAuthException(OAuthError.METHOD_NOT_ALLOWED, "only GET is supported");
                }
                String issuer = config.issuer().orElseThrow(() -> new OAuthException(OAuthError.NOT_FOUND,
                        "this deployment issues no JWTs (it has no JwtIssuer)"));
                String path = HttpRequest.pathOf(event);
                if (path.endsWith(KEY_SET_PATH)) {
                    return cacheable(keySet(clock.instant()));
                }
                // Also at RFC 8414's own path, where OAuth libraries look by default (Nimbus; Spring's fallback).
                if (path.endsWith(METADATA_PATH) || path.endsWith("/.well-known/oauth-authorization-server")) {
                    return cacheable(metadata(issuer));
                }
                throw new OAuthException(OAuthError.NOT_FOUND, "no such document");
            } catch (OAuthException e) {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Access-Control-Allow-Origin", "*");
                if (e.error() == OAuthError.TEMPORARILY_UNAVAILABLE) {
                    headers.put("Retry-After", retryAfterSeconds);
                }
                return HttpResponses.error(e.error(), e.getMessage(), headers);
            }
        });
    }

    private APIGatewayV2HTTPResponse cacheable(JsonNode body) {
        return HttpResponses.cacheable(body, config.jwksMaxAge(), Map.of("Access-Control-Allow-Origin", "*"));
    }

    /** RFC 7517: the public keys, as JWKs with their {@code kid}, {@code alg} and {@code use}. */
    ObjectNode keySet(Instant now) {
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        ArrayNode published = set.putArray("keys");
        for (SigningKey key : keys.current().publishedAt(now)) {
            try {
                published.add(JsonMapper.INSTANCE.readTree(key.publicJwk()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("signing key " + key.kid() + " has no readable public half");
            }
        }
        return set;
    }

    /** OpenID Connect Discovery and RFC 8414 metadata: what a gateway or an OAuth library reads first. */
    ObjectNode metadata(String issuer) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("issuer", issuer);
        metadata.put("jwks_uri", issuer + KEY_SET_PATH);
        metadata.put("token_endpoint", issuer + TokenEndpoints.TOKEN_ENDPOINT_PATH);
        metadata.put("revocation_endpoint", issuer + "/auth/anonymous/revoke");
        metadata.put("introspection_endpoint", issuer + TokenEndpoints.INTROSPECTION_ENDPOINT_PATH);
        strings(metadata, "grant_types_supported", List.of("refresh_token"));
        strings(metadata, "token_endpoint_auth_methods_supported", List.of("none"));
        strings(metadata, "revocation_endpoint_auth_methods_supported", List.of("none"));
        strings(metadata, "introspection_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        strings(metadata, "response_types_supported", List.of("none"));
        strings(metadata, "subject_types_supported", List.of("public"));
        strings(metadata, "id_token_signing_alg_values_supported", List.of(config.algorithm().name()));
        return metadata;
    }

    private static void strings(ObjectNode node, String name, List<String> values) {
        ArrayNode array = node.putArray(name);
        values.forEach(array::add);
    }

    /** The issuer, if this deployment issues JWTs. */
    public Optional<String> issuer() {
        return config.issuer();
    }
}
