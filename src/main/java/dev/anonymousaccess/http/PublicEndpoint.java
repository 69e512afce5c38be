package dev.anonymousaccess.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import dev.anonymousaccess.client.ClientRegistry;
import dev.anonymousaccess.client.InvalidClientException;
import dev.anonymousaccess.client.OriginNotAllowedException;
import dev.anonymousaccess.config.AnonymousAccessConfig;
import dev.anonymousaccess.store.StoreUnavailableException;
import dev.anonymousaccess.user.InvalidGrantException;

/**
 * What every public {@code POST /auth/anonymous/*} endpoint shares: CORS preflight, method check, and the mapping of
 * every failure to an OAuth-style JSON error, so that no exception and no stack trace ever reaches a client.
 */
@ApplicationScoped
public class PublicEndpoint {

    private static final Logger LOG = Logger.getLogger(PublicEndpoint.class);

    private final ClientRegistry clients;
    private final String retryAfterSeconds;
    private final String corsMaxAgeSeconds;

    PublicEndpoint(ClientRegistry clients, AnonymousAccessConfig config) {
        this.clients = clients;
        this.retryAfterSeconds = Long.toString(Math.max(1, config.retryAfter().toSeconds()));
        this.corsMaxAgeSeconds = Long.toString(config.corsMaxAge().toSeconds());
    }

    /** A successful answer; {@code allowedOrigin} is the browser origin the action verified, if any. */
    public record Answer(Object body, Optional<String> allowedOrigin) {
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Function<HttpRequest, Answer> action) {
        HttpRequest request;
        try {
            request = HttpRequest.of(event);
        } catch (InvalidRequestException e) {
            return HttpResponses.error(400, "invalid_request", e.getMessage(), Map.of());
        }
        try {
            if ("OPTIONS".equals(request.method())) {
                return preflight(request);
            }
            if (!"POST".equals(request.method())) {
                return HttpResponses.error(405, "invalid_request", "only POST is supported",
                        Map.of("Allow", "POST, OPTIONS"));
            }
            Answer answer = action.apply(request);
            return HttpResponses.json(200, answer.body(),
                    answer.allowedOrigin().map(PublicEndpoint::allowOrigin).orElse(Map.of()));
        } catch (InvalidRequestException e) {
            return clientError(request, 400, "invalid_request", e.getMessage());
        } catch (UnsupportedGrantTypeException e) {
            return clientError(request, 400, "unsupported_grant_type", e.getMessage());
        } catch (InvalidClientException e) {
            return clientError(request, 401, "invalid_client", e.getMessage());
        } catch (OriginNotAllowedException e) {
            return clientError(request, 403, "origin_not_allowed", e.getMessage());
        } catch (InvalidGrantException e) {
            return clientError(request, 400, "invalid_grant", e.getMessage());
        } catch (StoreUnavailableException e) {
            LOG.errorf("answering 503: %s", e.getMessage());
            return HttpResponses.error(503, "temporarily_unavailable",
                    "the service is temporarily unavailable, retry later", Map.of("Retry-After", retryAfterSeconds));
        } catch (RuntimeException e) {
            // Only the exception type is logged: a message could quote request content.
            LOG.errorf("answering 500 after an unexpected %s", e.getClass().getName());
            return HttpResponses.error(500, "server_error", "internal error", Map.of());
        }
    }

    /**
     * A 4xx answer. A browser must be able to read it (an app seeing {@code invalid_grant} starts over with
     * {@code create}; a network error tells it nothing), so it carries CORS headers when the origin is one that some
     * client app allows, the preflight's rule. The error says nothing about any client app.
     */
    private APIGatewayV2HTTPResponse clientError(HttpRequest request, int status, String error, String description) {
        return HttpResponses.error(status, error, description,
                registeredOrigin(request).map(PublicEndpoint::allowOrigin).orElse(Map.of()));
    }

    /**
     * The request's origin when some client app allows it, for answers that are not about one client app. A store
     * failure here only costs the browser the right to read the answer; the answer itself stands.
     */
    public Optional<String> registeredOrigin(HttpRequest request) {
        try {
            return request.origin().filter(clients::anyClientAllows);
        } catch (StoreUnavailableException e) {
            return Optional.empty();
        }
    }

    /**
     * A preflight carries no body, so no client id: it is answered for any origin that some client app allows. The
     * request itself is then checked against its own client app.
     */
    private APIGatewayV2HTTPResponse preflight(HttpRequest request) {
        Optional<String> origin = request.origin();
        if (origin.isEmpty() || !clients.anyClientAllows(origin.get())) {
            return HttpResponses.error(403, "origin_not_allowed", "origin not allowed", Map.of("Vary", "Origin"));
        }
        Map<String, String> headers = new LinkedHashMap<>(allowOrigin(origin.get()));
        headers.put("Access-Control-Allow-Methods", "POST, OPTIONS");
        headers.put("Access-Control-Allow-Headers", "Content-Type, Authorization");
        headers.put("Access-Control-Max-Age", corsMaxAgeSeconds);
        return HttpResponses.noContent(headers);
    }

    private static Map<String, String> allowOrigin(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", origin);
        headers.put("Vary", "Origin");
        return headers;
    }
}
